import type { Job } from '../../common/domain'
import { typeKey, type RunTimeMedians } from './start-estimates'

/** How many recent runs of a type the median takes. */
const RECENT = 25

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Milliseconds between two ISO times, or null when either is missing or unreadable (or they go backwards). */
function span(from: string | null, to: string | null): number | null {
  if (!from || !to) return null
  const ms = Date.parse(to) - Date.parse(from)
  return Number.isFinite(ms) && ms >= 0 ? ms : null
}

/** How long a job waited to start: from its submission, or from its scheduled date when that came later. */
export function waitMs(job: Pick<Job, 'submissionDate' | 'scheduledExecutionDate' | 'executionDate'>): number | null {
  const scheduled = job.scheduledExecutionDate
  const from = scheduled && Date.parse(scheduled) > Date.parse(job.submissionDate) ? scheduled : job.submissionDate
  return span(from, job.executionDate)
}

/**
 * Medians of the most recent finished runs (by completion) of each type, from a list of jobs: for now the jobs the
 * queue monitor holds. The local job history will offer the same interface.
 */
export function mediansFromJobs(jobs: () => readonly Job[]): RunTimeMedians {
  const recent = (type: string) =>
    jobs()
      .filter((j) => typeKey(j) === type && j.executionDate && j.completionDate)
      .sort((a, b) => (a.completionDate! < b.completionDate! ? 1 : -1))
      .slice(0, RECENT)
  return {
    medianRunMs: (type) => median(recent(type).flatMap((j) => span(j.executionDate, j.completionDate) ?? [])),
    medianWaitMs: (type) => median(recent(type).flatMap((j) => waitMs(j) ?? []))
  }
}
