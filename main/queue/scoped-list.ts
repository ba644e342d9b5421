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
import { listPages } from './paged-list'

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
  /** False when jobs moved between pages and some were missed: a job not listed may still be there. */
  complete: boolean
}

export interface ListScopeOptions {
  pageSize?: number
  /** Each page's jobs as they arrive. */
  onPage?: (jobs: Job[]) => void
}

/** The server's filters for a scope (a text search is two lists, by name and by description). */
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

/**
 * The jobs of a scope, by pages. The server ANDs its filters, so a text search (name OR description) is two
 * lists, merged by id.
 */
export async function listScope(
  client: QueueClient,
  scope: QueueScope,
  { pageSize = defaultPageSize, onPage }: ListScopeOptions = {}
): Promise<ScopedList> {
  const lists = await Promise.all(scopeFilters(scope).map((f) => listPages(client, f, { pageSize, onPage })))
  const merged = new Map<string, Job>()
  for (const list of lists) for (const [id, job] of list.jobs) if (!merged.has(id)) merged.set(id, job)
  // The same unreadable job may be in both answers, or on two pages.
  const skipped = new Map<string, SkippedItem>()
  for (const s of lists.flatMap((l) => l.skipped)) skipped.set(`${s.id}|${s.field}|${s.reason}`, s)
  return { jobs: [...merged.values()], skipped: [...skipped.values()], complete: lists.every((l) => l.complete) }
}

/** Jobs asked for per page: a queue of up to this many is one request. */
export const defaultPageSize = 1_000

/** Jobs per status, counted as the metrics endpoint does (a job with an unknown status counts in the total only). */
export function countStatuses(statuses: Iterable<string | null>): QueueStatusCounts {
  const c: QueueStatusCounts = { Pending: 0, Running: 0, Succeeded: 0, Failed: 0, Cancelled: 0, total: 0 }
  for (const s of statuses) {
    if (s !== null && (jobStatuses as readonly string[]).includes(s)) c[s as KnownJobStatus]++
    c.total++
  }
  return c
}
