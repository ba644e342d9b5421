import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { HandlerTable } from '../../common/contract'
import { PathGate, type TypedPaths } from '../../main/files/path-gate'
import { PathGrants } from '../../main/files/path-grants'
import { createDispatch, type Dispatch } from '../../main/ipc/dispatch'
import { systemClock } from '../../main/clock'
import { QueueCache } from '../../main/queue/cache'
import { StartEstimator } from '../../main/queue/estimator'
import { QueueExporter } from '../../main/queue/exporter'
import { mediansFromJobs } from '../../main/queue/run-time-medians'
import { queueHandlers } from '../../main/queue/handlers'
import { LogCache } from '../../main/queue/log-cache'
import { QueueMonitor } from '../../main/queue/monitor'
import { QueueSettings } from '../../main/queue/settings'
import { testLogger } from './logger'

/**
 * Main's real queue handlers and dispatch, offline, over a log cache whose every log is `text`: the log channels
 * (`jobs.openLog`, `jobs.logLines`, `jobs.findInLog`, `jobs.saveLog`) with the real path gate.
 */
export function logHandlers(text: string, typed: TypedPaths): { grants: PathGrants; dispatch: Dispatch } {
  const dir = mkdtempSync(join(tmpdir(), 'jq-log-handlers-'))
  const grants = new PathGrants({ file: null, log: () => {} })
  const logger = testLogger()
  const monitor = new QueueMonitor({ cache: new QueueCache(join(dir, 'queue-cache'), logger), emit: () => {} })
  const gate = new PathGate(grants, typed)
  const handlers = queueHandlers({
    monitor,
    exporter: new QueueExporter({
      jobs: () => monitor.peek().jobs,
      username: () => null,
      defaultFolder: () => null,
      fallbackFolder: join(dir, 'exports'),
      gate,
      clock: systemClock,
      logger
    }),
    estimator: new StartEstimator({
      jobs: () => [],
      scope: () => ({}),
      concurrency: () => null,
      medians: mediansFromJobs(() => []),
      clock: systemClock
    }),
    settings: new QueueSettings(dir),
    logs: new LogCache(join(dir, 'logs'), () => Promise.resolve(Readable.from([Buffer.from(text)]))),
    gate,
    session: {
      state: () => ({ status: 'offline', session: null, connecting: null, lastError: null, notice: null }),
      client: () => {
        throw new Error('no server here: only the log channels are for use')
      }
    }
  })
  const table: Partial<HandlerTable> = {
    ...handlers,
    'desktop.capabilities': () => ({ nativeDialogs: false })
  }
  return { grants, dispatch: createDispatch(table as HandlerTable, logger) }
}
