import type { JobFilter } from '../../common/downloads'
import type { SkippedItem } from '../../common/domain'
import type { LayoutJob } from './layout'
import type { JobDirectory } from './source'

/**
 * Jobs asked for at a time while a batch is planned. One answer for 50,000 jobs is about 30 MB of JSON, held as
 * bytes, as text, as parsed values and as decoded jobs at once; a page of this size is about 1 MB, and only what
 * the layout reads of each job is kept between pages.
 */
export const PLAN_PAGE_SIZE = 2_000

/** What the layout reads of a job, and its listed output names: the rest of a listed job (summaries, roles, …) can go. */
export function layoutOnly(job: LayoutJob): LayoutJob {
  const { id, name, type, submitterName, completionDate, outputFileNames } = job
  return { id, name, type, submitterName, completionDate, outputFileNames }
}

/** Pages asked for beyond the one being read, once the server's count says they exist: it builds them meanwhile. */
const AHEAD = 2

type JobPage = Awaited<ReturnType<JobDirectory['listJobs']>>

/**
 * Every job matching `filter`, page by page, each reduced to what the layout reads. A job listed on two pages
 * (the queue changed between them) counts once. Stops at a short page, at the server's total, at a page longer
 * than asked for (a server that does not page sends everything at once) or at a page that brings nothing new.
 */
export async function listAllJobs(
  dir: JobDirectory,
  filter: JobFilter,
  pageSize = PLAN_PAGE_SIZE
): Promise<{ jobs: LayoutJob[]; skipped: SkippedItem[] }> {
  const jobs: LayoutJob[] = []
  const skipped: SkippedItem[] = []
  const seen = new Set<string>()
  let asked = 0
  const ask = () => dir.listJobs({ ...filter, pageSize, pageNumber: ++asked })
  const pending: Promise<JobPage>[] = [ask()]
  try {
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await (pending.shift() ?? ask())
      const listed = page.jobs.length + (page.skipped?.length ?? 0)
      const total = page.totalResultCount
      const last = total === undefined ? null : Math.ceil(total / pageSize)
      if (last !== null && listed === pageSize) while (asked < Math.min(last, pageNumber + AHEAD)) pending.push(ask())
      let fresh = 0
      for (const job of page.jobs) {
        if (seen.has(job.id)) continue
        seen.add(job.id)
        jobs.push(layoutOnly(job))
        fresh++
      }
      for (const s of page.skipped ?? []) skipped.push(s)
      if (listed !== pageSize || fresh === 0 || (last !== null && pageNumber >= last)) break
    }
  } finally {
    // Pages asked for ahead that are not needed after all (the list ended sooner than counted).
    for (const p of pending) p.catch(() => {})
  }
  return { jobs, skipped }
}
