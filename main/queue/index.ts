import type { SignInWaiter } from '../connections/after-sign-in'
import { join } from 'node:path'
import type { SessionState } from '../../common/connections'
import type { Job } from '../../common/domain'
import { systemClock, type Clock } from '../clock'
import type { Desktop } from '../desktop-api'
import type { PathGate } from '../files/path-gate'
import type { EventBus } from '../events'
import type { Logger } from '../log'
import type { SessionSource } from '../connections/session-source'
import type { GrantaClient } from '../granta'
import { QueueCache } from './cache'
import { queueHandlers } from './handlers'
import { LogCache } from './log-cache'
import { StartEstimator } from './estimator'
import { QueueExporter } from './exporter'
import { mediansFromJobs } from './run-time-medians'
import type { RunTimeMedians } from './start-estimates'
import { QueueMonitor } from './monitor'
import { JobNotifier } from './notifier'
import { QueueSettings } from './settings'

export interface QueueOptions {
  dataDir: string
  events: EventBus
  session: SessionSource<GrantaClient>
  /** Changes refused for their sign-in wait for the user to sign in again (the session manager). */
  signIn?: SignInWaiter
  desktop: Desktop
  /** The paths the user let the app write (saving a log). */
  gate: PathGate
  /** Where an export goes when the window names no path (the browser host): the default download folder. */
  exportFolder?: () => string | null
  /** Typical run and wait times per job type, given those of the jobs the monitor holds (the default). */
  medians?: (held: RunTimeMedians) => RunTimeMedians
  monitor?: { fastMs?: number; slowMs?: number; maxBackoffMs?: number }
  /** Every job a poll saw new or changed, for the local history (main/history). */
  onJobsSeen?: (connectionId: string, jobs: readonly Job[]) => void
  clock?: Clock
  logger: Logger
}

/** The live queue and the actions on jobs: the monitor follows the session; every action is followed by a refresh. */
export function createQueue(options: QueueOptions) {
  const { events, session, desktop } = options
  const clock = options.clock ?? systemClock
  const settings = new QueueSettings(options.dataDir)
  const notifier = new JobNotifier({
    settings: () => settings.get(),
    emit: (event) => events.emit('queue.jobFinished', event),
    native: desktop.hasNativeNotifications
      ? ({ title, body, jobId }) =>
          desktop.notify({
            title,
            body,
            // One job opens its view; several open the queue, where the bell lists them.
            onClick: () =>
              jobId ? events.emit('queue.openJob', { jobId }) : events.emit('app.navigate', { target: 'queue' })
          })
      : null,
    clock
  })
  const monitor = new QueueMonitor({
    cache: new QueueCache(join(options.dataDir, 'queue-cache'), options.logger),
    emit: (delta) => events.emit('queue.delta', delta),
    onMyJobFinished: (job) => void notifier.finished(job, true),
    onOtherJobFinished: (job) => void notifier.finished(job, false),
    onJobsSeen: options.onJobsSeen,
    clock: options.clock,
    log: (message) => options.logger.warn(message),
    ...options.monitor
  })
  const logs = new LogCache(join(options.dataDir, 'job-logs'), async (jobId, fileName) => {
    const opened = await session.client().openOutput(jobId, fileName)
    return opened.stream
  })

  const follow = (state: SessionState) => {
    if (state.status === 'connected' && state.session) {
      void monitor.watch({
        connectionId: state.session.connectionId,
        username: state.session.username,
        client: session.client()
      })
    } else if (state.status === 'offline') {
      monitor.unwatch()
    }
  }
  const unsubscribe = session.subscribe(follow)
  follow(session.state())

  const exporter = new QueueExporter({
    jobs: () => monitor.peek().jobs,
    username: () => session.state().session?.username ?? null,
    defaultFolder: options.exportFolder ?? (() => null),
    fallbackFolder: join(options.dataDir, 'exports'),
    gate: options.gate,
    clock,
    logger: options.logger.child('export')
  })
  const estimator = new StartEstimator({
    jobs: () => monitor.peek().jobs,
    scope: () => monitor.listedScope(),
    concurrency: () => {
      const s = session.state()
      return s.status === 'connected' ? (s.session?.processingConfiguration.concurrency ?? null) : null
    },
    medians: (options.medians ?? ((held) => held))(mediansFromJobs(() => monitor.peek().jobs)),
    clock
  })
  const handlers = queueHandlers({
    monitor,
    exporter,
    estimator,
    settings,
    logs,
    gate: options.gate,
    session,
    signIn: options.signIn
  })

  return {
    handlers,
    monitor,
    settings,
    dispose() {
      unsubscribe()
      monitor.dispose()
    }
  }
}
