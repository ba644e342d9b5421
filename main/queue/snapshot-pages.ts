import { randomUUID } from 'node:crypto'
import type { Job } from '../../common/domain'
import { AppError } from '../../common/errors'
import type { QueueSnapshot, QueueSnapshotFirst, QueueSnapshotPage } from '../../common/queue'
import { sortJobs } from '../../common/queue-view/sort'

/** Snapshots still being fetched page by page; an older one is dropped when a newer one begins. */
const kept = 4

/**
 * A large snapshot sent in pages: the first page at once, in the queue's own order (what the view shows first),
 * the rest on request. The pages come from the jobs as they were when the snapshot was taken; what changed since
 * reaches the view as deltas, which are newer than any page.
 */
export class SnapshotPages {
  private readonly held = new Map<string, readonly Job[]>()

  constructor(private readonly now: () => Date = () => new Date()) {}

  first(snapshot: QueueSnapshot, firstPage: number | undefined): QueueSnapshotFirst {
    if (firstPage === undefined || snapshot.jobs.length <= firstPage) return { ...snapshot, more: null }
    const ordered = sortJobs(snapshot.jobs, { column: null, direction: 'asc' }, this.now())
    const token = randomUUID()
    this.held.set(token, ordered)
    for (const old of this.held.keys()) if (this.held.size > kept) this.held.delete(old)
    return { ...snapshot, jobs: ordered.slice(0, firstPage), more: { token, total: ordered.length } }
  }

  page(token: string, offset: number, limit: number): QueueSnapshotPage {
    const jobs = this.held.get(token)
    if (!jobs) {
      throw new AppError('NotFound', 'The queue was loaded again while this window read it. It reloads by itself.')
    }
    const end = Math.min(jobs.length, offset + limit)
    const done = end >= jobs.length
    if (done) this.held.delete(token)
    return { jobs: jobs.slice(offset, end), done }
  }
}
