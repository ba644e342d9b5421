import type { HistoryJob } from '../../common/insights/history-job'
import { spanMs, waitMs } from '../../common/job-times'
import type { Clock } from '../clock'
import { medianOf, RECENT } from '../queue/run-time-medians'
import type { RunTimeMedians } from '../queue/start-estimates'

/** How far back the medians look, and how long a reading is reused. */
const LOOK_BACK_MS = 30 * 24 * 3_600_000
const REUSE_MS = 60_000

export interface HistoryMediansOptions {
  read: (connectionId: string, since: Date) => { jobs: HistoryJob[] }
  connectionId: () => string | null
  clock: Clock
  /** Used for a type the history has no finished run of (a new history, or after Clear history). */
  fallback: RunTimeMedians
}

interface Medians {
  run: Map<string, number>
  wait: Map<string, number>
}

/** The medians of each type's most recent runs, from the jobs of a history. */
export function mediansOf(jobs: readonly HistoryJob[]): Medians {
  const byType = new Map<string, HistoryJob[]>()
  for (const job of jobs) {
    if (!job.started || !job.completed) continue
    const type = job.type === 'Other' ? (job.otherType ?? 'Other') : job.type
    byType.set(type, [...(byType.get(type) ?? []), job])
  }
  const result: Medians = { run: new Map(), wait: new Map() }
  for (const [type, list] of byType) {
    const recent = list.sort((a, b) => ((a.completed ?? '') < (b.completed ?? '') ? 1 : -1)).slice(0, RECENT)
    const run = medianOf(recent.flatMap((j) => spanMs(j.started, j.completed) ?? []))
    const wait = medianOf(
      recent.flatMap(
        (j) =>
          waitMs({ submissionDate: j.submitted, scheduledExecutionDate: j.scheduled, executionDate: j.started }) ?? []
      )
    )
    if (run !== null) result.run.set(type, run)
    if (wait !== null) result.wait.set(type, wait)
  }
  return result
}

/**
 * Run and wait medians from the local history, which reaches past the server's purge age; read at most once a
 * minute per connection. A type the history has not seen finish falls back to the jobs the queue holds.
 */
export function mediansFromHistory(options: HistoryMediansOptions): RunTimeMedians {
  let cached: { connectionId: string; at: number; medians: Medians } | null = null
  const current = (): Medians | null => {
    const connectionId = options.connectionId()
    if (!connectionId) return null
    const now = options.clock.now().getTime()
    if (cached?.connectionId !== connectionId || now - cached.at >= REUSE_MS) {
      const { jobs } = options.read(connectionId, new Date(now - LOOK_BACK_MS))
      cached = { connectionId, at: now, medians: mediansOf(jobs) }
    }
    return cached.medians
  }
  return {
    medianRunMs: (type) => current()?.run.get(type) ?? options.fallback.medianRunMs(type),
    medianWaitMs: (type) => current()?.wait.get(type) ?? options.fallback.medianWaitMs(type)
  }
}
