import type { HandlersOf } from '../../common/contract'
import type { Job } from '../../common/domain'
import { AppError } from '../../common/errors'
import type { GrantaClient } from '../granta'
import { retryAfterSignIn, type SignInWaiter } from '../connections/after-sign-in'
import type { SessionSource } from '../connections/session-source'
import type { LogCache } from './log-cache'
import { copyFileAtomic } from '../files/copy-atomic'
import type { PathGate } from '../files/path-gate'
import { findMatches, readLines } from './log-index'
import type { StartEstimator } from './estimator'
import type { QueueExporter } from './exporter'
import type { QueueMonitor } from './monitor'
import type { QueueSettings } from './settings'
import { SnapshotPages } from './snapshot-pages'

export interface QueueHandlerDeps {
  monitor: QueueMonitor
  exporter: QueueExporter
  estimator: StartEstimator
  settings: QueueSettings
  logs: LogCache
  /** Saving a log writes only where the user let it. */
  gate: PathGate
  session: Pick<SessionSource<GrantaClient>, 'state' | 'client'>
  /** A change refused for its sign-in is made again once the user has signed in. */
  signIn?: SignInWaiter
}

const maxMarkedLines = 100_000

/** The queue.* and jobs.* handlers: every action on a job is followed by a refresh of the monitor. */
export function queueHandlers({
  monitor,
  exporter,
  estimator,
  settings,
  logs,
  gate,
  session,
  signIn
}: QueueHandlerDeps): HandlersOf<'queue' | 'jobs'> {
  /** Runs an action on some jobs, then lets the monitor learn its effect from the server. */
  async function act<T>(ids: readonly string[], action: (client: GrantaClient) => Promise<T>): Promise<T> {
    const result = await action(session.client())
    monitor.touch(ids)
    void monitor.refresh()
    return result
  }

  const pages = new SnapshotPages()

  function readOnlyIfOffline(): void {
    if (session.state().status !== 'connected') {
      throw new AppError(
        'NotConnected',
        'You are offline: this queue is the last copy kept on this computer. Connect to change jobs.'
      )
    }
  }

  return {
    'queue.snapshot': (input) => pages.first(monitor.snapshot(), input?.firstPage),
    'queue.snapshotPage': ({ token, offset, limit }) => pages.page(token, offset, limit),
    'queue.refresh': async () => {
      // Asked for by the user: a large queue is listed in full, not only polled for changes.
      monitor.touch([], true)
      await monitor.refresh()
      return null
    },
    'queue.setScope': (scope) => {
      // The answer comes as deltas; the call does not wait for the poll.
      void monitor.setScope(scope)
      return null
    },
    'queue.setVisible': ({ visible }) => {
      monitor.setVisible(visible)
      return null
    },
    'queue.export': (input) => exporter.export(input),
    'queue.startEstimates': () => estimator.estimates(),
    'jobs.typicalTimes': ({ type }) => estimator.typicalTimes(type),
    'queue.getSettings': () => settings.get(),
    'queue.setSettings': (value) => settings.set(value),
    'jobs.get': ({ id }) => session.client().getJob(id),
    'jobs.update': ({ id, changes }) => {
      readOnlyIfOffline()
      // A rename or reschedule the user was saving is not lost to an expired sign-in: it is sent again once.
      return retryAfterSignIn(signIn, () => act([id], (c) => c.updateJob(id, changes)))
    },
    'jobs.cancel': ({ id }) => act([id], (c) => c.cancelJob(id)),
    'jobs.moveToTop': async ({ id }) => {
      await act([id], (c) => c.moveToTop(id))
      return null
    },
    'jobs.resubmit': ({ ids }) =>
      act(ids, async (c) => {
        const jobs: Job[] = []
        const failed: { id: string; message: string }[] = []
        for (const id of ids) {
          try {
            jobs.push(await c.resubmit(id))
          } catch (e) {
            failed.push({ id, message: e instanceof Error ? e.message : String(e) })
          }
        }
        return { jobs, failed }
      }),
    'jobs.delete': ({ ids }) =>
      act(ids, async (c) => {
        const deleted = ids.length === 1 ? (await c.deleteJob(ids[0] as string), ids) : await c.deleteJobs(ids)
        monitor.forget(deleted)
        return { deleted }
      }),
    'jobs.outputs': async ({ id }) => session.client().outputNames(id),
    'jobs.metrics': ({ start }) => session.client().metrics(start),
    'jobs.openLog': async ({ id, fileName, fresh }) => {
      const index = await logs.open(id, fileName, fresh)
      return {
        lineCount: index.lineCount,
        bytes: index.bytes,
        errorLines: index.errorLines.slice(0, maxMarkedLines),
        warnLines: index.warnLines.slice(0, maxMarkedLines)
      }
    },
    'jobs.logLines': async ({ id, fileName, start, count }) => {
      const index = await logs.open(id, fileName)
      return { start, lines: await readLines(index, start, count) }
    },
    'jobs.findInLog': async ({ id, fileName, text }) => findMatches(await logs.open(id, fileName), text),
    'jobs.saveLog': async ({ id, fileName, path }) => {
      await gate.admit(path, 'write')
      const index = await logs.open(id, fileName)
      await copyFileAtomic(index.path, path)
      return { path }
    }
  }
}
