import type { Job, JobListFilters, SkippedItem } from '../../common/domain'
import type { QueueClient } from './scoped-list'

export interface PagedList {
  /** Merged by id: a job on two pages (the queue moved while it was read) is kept once, the later copy. */
  jobs: Map<string, Job>
  skipped: SkippedItem[]
  /** The server's count of matching jobs, from the last page read. */
  total: number
  /** False when fewer jobs came than the server counted: some moved between pages and were missed. */
  complete: boolean
}

export interface PagedListOptions {
  pageSize: number
  /** Pages asked for at once after the first. */
  parallel?: number
  /** Each page's jobs, as they arrive, to show the first ones before the rest. */
  onPage?: (jobs: Job[]) => void
}

/**
 * Every job matching `filters`, a page at a time. The server does not document the order of its pages, so
 * they are merged by id, and overlaps and gaps between them are tolerated (and reported by `complete`).
 * A server that ignores paging answers the whole list on the first page; that is taken as it is.
 */
export async function listPages(
  client: QueueClient,
  filters: JobListFilters,
  { pageSize, parallel = 3, onPage }: PagedListOptions
): Promise<PagedList> {
  const jobs = new Map<string, Job>()
  const skipped: SkippedItem[] = []
  const take = (list: { jobs: Job[]; skipped: SkippedItem[] }) => {
    for (const job of list.jobs) jobs.set(job.id, job)
    skipped.push(...list.skipped)
    onPage?.(list.jobs)
  }
  const first = await client.listJobs({ ...filters, pageSize, pageNumber: 1 })
  take(first)
  let total = first.totalResultCount
  const ignoresPaging = first.jobs.length + first.skipped.length > pageSize
  const pages = ignoresPaging ? 1 : Math.ceil(total / pageSize)
  for (let next = 2; next <= pages; next += parallel) {
    const numbers = Array.from({ length: Math.min(parallel, pages - next + 1) }, (_, i) => next + i)
    const lists = await Promise.all(numbers.map((pageNumber) => client.listJobs({ ...filters, pageSize, pageNumber })))
    for (const list of lists) take(list)
    total = lists.at(-1)?.totalResultCount ?? total
  }
  const unreadable = new Set(skipped.map((s, i) => s.id ?? `#${i}`)).size
  return { jobs, skipped, total, complete: jobs.size + unreadable >= total }
}

/** How many jobs match `filters`, from a one-job page. */
export async function countMatching(client: QueueClient, filters: JobListFilters): Promise<number> {
  return (await client.listJobs({ ...filters, pageSize: 1, pageNumber: 1 })).totalResultCount
}
