import type { Job } from '../domain'
import { backlog } from './backlog'
import { durationsByType, runSpan, waitSpan } from './durations'
import { failuresByType, topSubmitters } from './failures'
import type { HistoryJob } from './history-job'
import { dayFormatter, daysEnding } from './local-days'
import { perDay } from './per-day'
import type { InsightsSummary } from './summary-schema'

export interface SummaryInput {
  /** The history's jobs (any range: those submitted outside the days are left out here). */
  jobs: readonly HistoryJob[]
  /** What the queue holds now, for the backlog. */
  queue: readonly Job[]
  days: 7 | 30
  /** The user's IANA time zone: days are theirs. */
  timeZone?: string
  now: Date
  connectionId: string | null
  connectionName: string | null
  kept: number
  skipped: number
}

/** Every statistic of the Insights page, over the last `days` local days (today included). */
export function summarize(input: SummaryInput): InsightsSummary {
  const dayOf = dayFormatter(input.timeZone)
  const days = daysEnding(dayOf(input.now.getTime()), input.days)
  const inRange = new Set(days)
  const jobs = input.jobs.filter((j) => inRange.has(dayOf(Date.parse(j.submitted))))
  return {
    connectionId: input.connectionId,
    connectionName: input.connectionName,
    days: input.days,
    from: days[0] ?? '',
    to: days[days.length - 1] ?? '',
    total: jobs.length,
    kept: input.kept,
    perDay: perDay(jobs, days, dayOf, input.now),
    wait: durationsByType(jobs, waitSpan),
    run: durationsByType(jobs, runSpan),
    failures: failuresByType(jobs),
    submitters: topSubmitters(jobs),
    backlog: backlog(input.queue, input.now),
    skipped: input.skipped
  }
}
