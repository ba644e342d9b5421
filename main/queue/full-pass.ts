import type { Job, SkippedItem } from '../../common/domain'
import type { Listing, QueueScope } from '../../common/queue'
import { maxLeavers, readOrNull } from './active-poll'
import type { JobTable } from './job-table'
import { listAllPages } from './paged-list'
import { keepsStatus, type QueueClient } from './scoped-list'

const active = new Set(['Pending', 'Running'])
const finished = new Set(['Succeeded', 'Failed', 'Cancelled'])

export interface FullPassOptions {
  client: QueueClient
  scope: QueueScope
  pageSize: number
  username: string
  /** The user's jobs last seen Pending or Running. */
  myActive: ReadonlyMap<string, Job>
  /** Called after each page is in the table; false stops the pass (the watch or the scope changed). */
  onPage: (progress: Listing) => boolean
}

/** What a whole pass over the scope learnt, beyond the jobs it put in the table. */
export interface FullPassResult {
  /** The ids listed Pending or Running. */
  active: Set<string>
  /** The user's jobs the pass saw Pending or Running, or that were so before: to tell which have just finished. */
  mine: Job[]
  /** The user's finished jobs the table did not hold before: some may have come and gone between two polls. */
  newlyFinishedMine: Job[]
  /** The server's count of the scope. */
  total: number
  skipped: SkippedItem[]
}

/**
 * Lists the whole scope into the table page by page, then drops the held jobs it did not see. When the pass
 * was not complete (jobs came or went between pages), those are read by id instead, up to a bound; the rest
 * wait for the next pass. Null when stopped.
 */
export async function fullPass(table: JobTable, o: FullPassOptions): Promise<FullPassResult | null> {
  const result: FullPassResult = { active: new Set(), mine: [], newlyFinishedMine: [], total: 0, skipped: [] }
  const pass = await listAllPages(o.client, o.scope, o.pageSize, (jobs, progress) => {
    for (const job of jobs) {
      const isMine = job.submitterName === o.username
      if (isMine && finished.has(job.status) && !table.has(job.id)) result.newlyFinishedMine.push(job)
      if (isMine && (active.has(job.status) || o.myActive.has(job.id))) result.mine.push(job)
      if (active.has(job.status)) result.active.add(job.id)
      table.put(job)
    }
    return o.onPage(progress)
  })
  if (!pass) return null
  const missing: string[] = []
  for (const id of table.ids()) if (!pass.seen.has(id)) missing.push(id)
  const confirm = pass.complete ? [] : missing.splice(0, Math.min(missing.length, maxLeavers))
  if (pass.complete) for (const id of missing) table.remove(id)
  for (const id of confirm) {
    const job = await readOrNull(o.client, id)
    if (job && keepsStatus(o.scope, job)) table.put(job)
    else table.remove(id)
  }
  result.total = pass.total
  result.skipped = pass.skipped
  return result
}
