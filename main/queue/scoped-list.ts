import {
  jobStatuses,
  type Job,
  type JobList,
  type JobListFilters,
  type JobMetrics,
  type KnownJobStatus,
  type SkippedItem
} from '../../common/domain'
import type { QueueScope, QueueStatusCounts } from '../../common/queue'

/** What the monitor needs from the Server API client. */
export interface QueueClient {
  listJobs(filters?: JobListFilters): Promise<JobList>
  getJob(id: string): Promise<Job>
  metrics(start: string): Promise<JobMetrics>
}

/** The metrics endpoint counts jobs submitted since a date: this one means every job. */
export const allTime = '1970-01-01T00:00:00Z'

/**
 * The list requests that together hold a scope. The server ANDs its filters, so a text search (name OR
 * description) is two requests, merged by id.
 */
export function scopeFilters(scope: QueueScope): JobListFilters[] {
  const base: JobListFilters = {
    jobType: scope.jobType,
    status: scope.status,
    submitterNameFilter: scope.submitterName
  }
  return scope.text
    ? [
        { ...base, nameFilter: scope.text },
        { ...base, descriptionFilter: scope.text }
      ]
    : [base]
}

/** Whether a job read by id (whose status may have moved) still belongs to the scope it was listed in. */
export function keepsStatus(scope: QueueScope, job: Job): boolean {
  return !scope.status || scope.status === job.status
}

/** Keeps the first report of each unreadable item: the same one may be in several answers. */
export function mergeSkipped(...lists: readonly SkippedItem[][]): SkippedItem[] {
  const merged = new Map<string, SkippedItem>()
  for (const s of lists.flat()) {
    const key = `${s.id}|${s.field}|${s.reason}`
    if (!merged.has(key)) merged.set(key, s)
  }
  return [...merged.values()]
}

/** Jobs per status, counted as the metrics endpoint does (a job with an unknown status counts in the total only). */
export function countStatuses(statuses: Iterable<string | null>): QueueStatusCounts {
  const c: QueueStatusCounts = { Pending: 0, Running: 0, Succeeded: 0, Failed: 0, Cancelled: 0, total: 0 }
  for (const s of statuses) {
    if (s !== null && (jobStatuses as readonly string[]).includes(s)) c[s as KnownJobStatus]++
    c.total++
  }
  return c
}

/** Counts of the whole queue from the jobs held; the total is the server's when it counted more. */
export function countHeld(jobs: Iterable<Job>, serverTotal: number | null): QueueStatusCounts {
  const counts = countStatuses(Array.from(jobs, (j) => j.status))
  return { ...counts, total: Math.max(counts.total, serverTotal ?? 0) }
}
