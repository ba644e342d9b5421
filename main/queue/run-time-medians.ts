import type { Job } from '../../common/domain'
import { median } from '../../common/insights/durations'
import { spanMs, waitMs } from '../../common/job-times'
import { typeKey, type RunTimeMedians } from './start-estimates'

/** How many recent runs of a type the median takes. */
export const RECENT = 25

/** The median of values in any order. */
export function medianOf(values: readonly number[]): number | null {
  return median([...values].sort((a, b) => a - b))
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
    medianRunMs: (type) => medianOf(recent(type).flatMap((j) => spanMs(j.executionDate, j.completionDate) ?? [])),
    medianWaitMs: (type) => medianOf(recent(type).flatMap((j) => waitMs(j) ?? []))
  }
}

export { waitMs }
