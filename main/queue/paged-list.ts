import type { Job, SkippedItem } from '../../common/domain'
import type { Listing, QueueScope } from '../../common/queue'
import { mergeSkipped, scopeFilters, type QueueClient } from './scoped-list'

/** Bounds one pass whatever the server says its total is. */
const maxPages = 10_000

/** What a full pass saw. */
export interface PagedPass {
  /** Every id listed, in any page. */
  seen: Set<string>
  /**
   * The count the server gave stayed the same from the first page to the last, and every counted job was seen:
   * then a held job seen in no page is gone. Otherwise a page may have slid past some (a gap).
   */
  complete: boolean
  /** The server's count of the scope (the largest of its listings). */
  total: number
  skipped: SkippedItem[]
}

/**
 * Every job of a scope, page by page (`pageSize`/`pageNumber`), each page handed to `onPage` as it arrives;
 * `onPage` answers false to stop (the pass is then null). The server's page order is not documented and jobs
 * come and go between two pages: pages are merged by id, so an overlap is harmless, and a gap is reported.
 * After the first page, two pages are asked for at a time.
 */
export async function listAllPages(
  client: QueueClient,
  scope: QueueScope,
  pageSize: number,
  onPage: (jobs: readonly Job[], progress: Listing) => boolean
): Promise<PagedPass | null> {
  const seen = new Set<string>()
  let complete = true
  let total = 0
  let skipped: SkippedItem[] = []
  for (const filters of scopeFilters(scope)) {
    const here = new Set<string>()
    let count: number | null = null
    let steady = true
    let unreadable = 0
    let stopped = false
    /** A server that answers more than a page does not page: its first answer is the whole list. */
    let unpaged = false
    let next = 1
    /** Lists page `n` and hands it on; the first failure stops the pass. */
    const fetchPage = async (n: number): Promise<void> => {
      const page = await client.listJobs({ ...filters, pageSize, pageNumber: n }).catch((e: unknown) => {
        stopped = true
        throw e
      })
      if (count !== null && page.totalResultCount !== count) steady = false
      count = page.totalResultCount
      for (const job of page.jobs) {
        here.add(job.id)
        seen.add(job.id)
      }
      unreadable += page.skipped.length
      if (page.jobs.length + page.skipped.length > pageSize) unpaged = true
      skipped = mergeSkipped(skipped, page.skipped)
      if (stopped || !onPage(page.jobs, { received: seen.size, total: Math.max(total, count) })) stopped = true
    }
    await fetchPage(next++)
    // The first page gives the count: the rest come two at a time, in whatever order they arrive.
    const worker = async () => {
      while (!stopped && !unpaged && next <= maxPages && (next - 1) * pageSize < (count ?? 0)) await fetchPage(next++)
    }
    await Promise.all([worker(), worker()])
    if (stopped) return null
    const listed = count ?? 0
    total = Math.max(total, listed)
    complete &&= steady && here.size + unreadable >= listed
  }
  return { seen, complete, total, skipped }
}
