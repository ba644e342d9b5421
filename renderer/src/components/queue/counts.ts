import { jobStatuses, type Job, type JobMetrics, type KnownJobStatus } from '../../../../common/domain'

/** A job whose status the app does not know counts in the total only, as the metrics endpoint's would. */
export type StatusCounts = Record<KnownJobStatus, number> & { total: number }

const zero = (): StatusCounts => ({ Pending: 0, Running: 0, Succeeded: 0, Failed: 0, Cancelled: 0, total: 0 })

/** Jobs per server status: the numbers the metrics endpoint gives for the same jobs. */
export function countByStatus(jobs: Iterable<Pick<Job, 'status'>>): StatusCounts {
  const c = zero()
  for (const job of jobs) {
    if (job.status !== 'Other') c[job.status]++
    c.total++
  }
  return c
}

/** The same counts from `jobs.metrics`. */
export function countMetrics(metrics: JobMetrics): StatusCounts {
  const c = zero()
  for (const j of metrics.jobs) {
    if (j.status && (jobStatuses as readonly string[]).includes(j.status)) c[j.status as KnownJobStatus]++
    c.total++
  }
  return c
}
