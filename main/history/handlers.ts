import type { HandlersOf } from '../../common/contract'
import type { Job } from '../../common/domain'
import { AppError } from '../../common/errors'
import { summarize } from '../../common/insights/summary'
import type { Clock } from '../clock'
import type { Logger } from '../log'
import type { JobHistory } from './history'

export interface InsightHandlerDeps {
  history: JobHistory
  /** The connection to show: the connected one, else null (then the last one written to). */
  connected: () => { connectionId: string; connectionName: string } | null
  /** What the queue monitor holds now, and for which connection. */
  queue: () => Promise<{ connectionId: string | null; jobs: Job[] }>
  clock: Clock
  logger: Logger
}

const day = 24 * 3_600_000

/** `insights.summary` and `history.clear`. */
export function insightHandlers(deps: InsightHandlerDeps): HandlersOf<'insights' | 'history'> {
  return {
    'insights.summary': async ({ days, timeZone }) => {
      const now = deps.clock.now()
      const connected = deps.connected()
      const connectionId = connected?.connectionId ?? deps.history.lastConnectionId
      let read: ReturnType<JobHistory['read']> = { jobs: [], kept: 0, skipped: [] }
      if (connectionId) {
        try {
          // A day more than asked: the oldest local day may start before `days` × 24 h ago.
          read = deps.history.read(connectionId, new Date(now.getTime() - (days + 1) * day))
        } catch (e) {
          deps.logger.warn('reading the job history failed', e)
          throw new AppError(
            'Disk',
            'The job history on this computer could not be read. Restart the app; if it keeps happening, clear the history in Settings.'
          )
        }
      }
      const queue = await deps.queue()
      return summarize({
        jobs: read.jobs,
        queue: queue.connectionId === connectionId ? queue.jobs : [],
        days,
        timeZone,
        now,
        connectionId,
        connectionName: connected?.connectionName ?? null,
        kept: read.kept,
        skipped: read.skipped.length
      })
    },
    'history.clear': () => {
      try {
        return { cleared: deps.history.clear() }
      } catch (e) {
        deps.logger.warn('clearing the job history failed', e)
        throw new AppError('Disk', 'The job history could not be deleted. Close other copies of the app and try again.')
      }
    }
  }
}
