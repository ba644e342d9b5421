import type { Job } from '../domain'
import { filterJobs, type QueueFilters } from './filter'
import { sortJobs, type SortState } from './sort'

export interface ViewContext {
  /** Who "only mine" means. */
  username: string | null
  /** The time statuses ("Scheduled") and durations are computed against. */
  now: Date
}

/** The rows the queue shows for a filter and a sort: the view computes them, and so does main for an export. */
export function queueRows(jobs: Iterable<Job>, filters: QueueFilters, sort: SortState, context: ViewContext): Job[] {
  return sortJobs(filterJobs(jobs, filters, context), sort, context.now)
}
