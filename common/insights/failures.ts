import { jobTypeSchema, type JobType } from '../domain'
import type { HistoryJob } from './history-job'
import type { Failures, Submitter } from './summary-schema'

/** Per type: how many jobs, how many Failed, and how many "Completed with errors" (counted apart). */
export function failuresByType(jobs: readonly HistoryJob[]): Failures[] {
  const by = new Map<JobType, Failures>()
  for (const job of jobs) {
    const f = by.get(job.type) ?? { type: job.type, total: 0, failed: 0, withErrors: 0 }
    f.total++
    if (job.status === 'Failed') f.failed++
    if (job.status === 'Succeeded' && job.withErrors) f.withErrors++
    by.set(job.type, f)
  }
  return jobTypeSchema.options.flatMap((t) => by.get(t) ?? [])
}

/** Who submitted the most jobs, most first (ties by name), at most `limit`. */
export function topSubmitters(jobs: readonly HistoryJob[], limit = 10): Submitter[] {
  const counts = new Map<string, number>()
  for (const job of jobs) counts.set(job.submitter, (counts.get(job.submitter) ?? 0) + 1)
  return [...counts]
    .map(([submitter, count]) => ({ submitter, count }))
    .sort((a, b) => b.count - a.count || a.submitter.localeCompare(b.submitter))
    .slice(0, limit)
}
