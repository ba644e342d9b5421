import type { Job } from '../../common/domain'
import { spanMs, waitMs } from '../../common/job-times'
import { typeKey, type RunTimeMedians } from './start-estimates'

/** How many recent runs of a type the median takes. */
const RECENT = 25

export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
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
    medianRunMs: (type) => median(recent(type).flatMap((j) => spanMs(j.executionDate, j.completionDate) ?? [])),
    medianWaitMs: (type) => median(recent(type).flatMap((j) => waitMs(j) ?? []))
  }
}

export { waitMs }
