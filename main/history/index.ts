import { join } from 'node:path'
import type { Job } from '../../common/domain'
import type { Clock } from '../clock'
import type { Logger } from '../log'
import { insightHandlers } from './handlers'
import { JobHistory } from './history'
import { loadSqlite } from './sqlite'

export interface HistoryOptions {
  dataDir: string
  clock: Clock
  logger: Logger
  connected: () => { connectionId: string; connectionName: string } | null
  queue: () => Promise<{ connectionId: string | null; jobs: Job[] }>
  keepDays?: number
}

/** The local job history (`<data folder>/history/<connection>.sqlite`) and the Insights channels over it. */
export function createHistory(options: HistoryOptions) {
  const history = new JobHistory({
    dir: join(options.dataDir, 'history'),
    sqlite: loadSqlite(),
    logger: options.logger,
    clock: options.clock,
    keepDays: options.keepDays
  })
  const handlers = insightHandlers({ ...options, history })
  return { history, handlers, dispose: () => history.dispose() }
}
