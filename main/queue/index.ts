import { join } from 'node:path'
import type { HandlerTable } from '../../common/contract'
import type { SessionState } from '../../common/connections'
import type { Job } from '../../common/domain'
import { AppError } from '../../common/errors'
import type { Desktop } from '../desktop-api'
import type { EventBus } from '../events'
import type { GrantaClient } from '../granta'
import { QueueCache } from './cache'
import { LogCache } from './log-cache'
import { readLines, searchLines } from './log-index'
import { QueueMonitor } from './monitor'
import { QueueSettings } from './settings'

type QueueHandlers = Pick<HandlerTable, Extract<keyof HandlerTable, `queue.${string}` | `jobs.${string}`>>

export interface SessionSource {
  state(): SessionState
  client(): GrantaClient
  subscribe(listener: (state: SessionState) => void): () => void
}

export interface QueueOptions {
  dataDir: string
  events: EventBus
  session: SessionSource
  desktop: Desktop
  monitor?: { fastMs?: number; slowMs?: number; maxBackoffMs?: number }
  log?: (msg: string) => void
}

const statusWords: Record<string, string> = { Succeeded: 'finished', Failed: 'failed', Cancelled: 'was cancelled' }
const maxMarkedLines = 100_000

/** The live queue and the actions on jobs: the monitor follows the session; every action is followed by a refresh. */
export function createQueue(options: QueueOptions) {
  const { events, session, desktop } = options
  const settings = new QueueSettings(options.dataDir)
  const monitor = new QueueMonitor({
    cache: new QueueCache(join(options.dataDir, 'queue-cache'), options.log),
    emit: (delta) => events.emit('queue.delta', delta),
    onMyJobFinished: (job) => void notify(job),
    ...options.monitor
  })
  const logs = new LogCache(join(options.dataDir, 'logs'), async (jobId, fileName) => {
    const opened = await session.client().openOutput(jobId, fileName)
    return opened.stream
  })

  async function notify(job: Job): Promise<void> {
    if (!(await settings.get()).myJobs) return
    desktop.notify({
      title: `${job.name} ${statusWords[job.status] ?? job.status.toLowerCase()}`,
      body: 'Click to open the job in JobQueue Desktop.',
      onClick: () => events.emit('queue.openJob', { jobId: job.id }),
      action: { label: 'Open job', jobId: job.id }
    })
  }

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

  /** Runs an action, then lets the monitor learn its effect from the server. */
  async function act<T>(action: (client: GrantaClient) => Promise<T>): Promise<T> {
    const result = await action(session.client())
    void monitor.refresh()
    return result
  }

  function readOnlyIfOffline(): void {
    if (session.state().status !== 'connected') {
      throw new AppError(
        'NotConnected',
        'You are offline: this queue is the last copy kept on this computer. Connect to change jobs.'
      )
    }
  }

  const handlers: QueueHandlers = {
    'queue.snapshot': () => monitor.snapshot(),
    'queue.refresh': async () => {
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
    'queue.getSettings': () => settings.get(),
    'queue.setSettings': (value) => settings.set(value),
    'jobs.get': ({ id }) => session.client().getJob(id),
    'jobs.update': ({ id, changes }) => {
      readOnlyIfOffline()
      return act((c) => c.updateJob(id, changes))
    },
    'jobs.cancel': ({ id }) => act((c) => c.cancelJob(id)),
    'jobs.moveToTop': async ({ id }) => {
      await act((c) => c.moveToTop(id))
      return null
    },
    'jobs.resubmit': ({ ids }) =>
      act(async (c) => {
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
      act(async (c) => ({
        deleted: ids.length === 1 ? (await c.deleteJob(ids[0] as string), ids) : await c.deleteJobs(ids)
      })),
    'jobs.outputs': async ({ id }) => ({ names: await session.client().outputNames(id) }),
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
    'jobs.searchLog': async ({ id, fileName, text, from, direction }) => {
      const index = await logs.open(id, fileName)
      return { line: await searchLines(index, text, from, direction) }
    }
  }

  return {
    handlers,
    monitor,
    dispose() {
      unsubscribe()
      monitor.dispose()
    }
  }
}
