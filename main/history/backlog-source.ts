import type { Job } from '../../common/domain'
import { isWholeQueue, type QueueScope } from '../../common/queue'
import type { Logger } from '../log'

export interface BacklogDeps {
  /** What the queue monitor holds now, for which connection, and the scope it listed. */
  held: () => { connectionId: string | null; jobs: Job[] }
  scope: () => QueueScope
  /** The server's pending and running jobs (throws when offline). */
  list: (status: 'Pending' | 'Running') => Promise<Job[]>
  logger: Logger
}

/**
 * The jobs waiting or running now: the monitor's list when it holds the whole queue; when the Queue view is filtered
 * (a scoped list), the server's pending and running jobs; offline, what the monitor holds.
 */
export async function backlogJobs(deps: BacklogDeps): Promise<{ connectionId: string | null; jobs: Job[] }> {
  const held = deps.held()
  if (isWholeQueue(deps.scope())) return held
  try {
    const [pending, running] = await Promise.all([deps.list('Pending'), deps.list('Running')])
    return { connectionId: held.connectionId, jobs: [...running, ...pending] }
  } catch (e) {
    deps.logger.info('listing the backlog for Insights failed; showing what the queue holds', e)
    return held
  }
}
