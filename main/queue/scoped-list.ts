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

export interface ScopedList {
  jobs: Job[]
  /** The listed jobs the client could not read. */
  skipped: SkippedItem[]
}

/**
 * The jobs of a scope. The server ANDs its filters, so a text search (name OR description) is two requests,
 * merged by id.
 */
export async function listScope(client: QueueClient, scope: QueueScope): Promise<ScopedList> {
  const base: JobListFilters = {
    jobType: scope.jobType,
    status: scope.status,
    submitterNameFilter: scope.submitterName
  }
  if (!scope.text) {
    const { jobs, skipped } = await client.listJobs(base)
    return { jobs, skipped }
  }
  const [byName, byDescription] = await Promise.all([
    client.listJobs({ ...base, nameFilter: scope.text }),
    client.listJobs({ ...base, descriptionFilter: scope.text })
  ])
  const merged = new Map<string, Job>()
  for (const job of [...byName.jobs, ...byDescription.jobs]) if (!merged.has(job.id)) merged.set(job.id, job)
  // The same unreadable job may be in both answers.
  const skipped = new Map<string, SkippedItem>()
  for (const s of [...byName.skipped, ...byDescription.skipped]) skipped.set(`${s.id}|${s.field}|${s.reason}`, s)
  return { jobs: [...merged.values()], skipped: [...skipped.values()] }
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
