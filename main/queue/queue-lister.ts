import type { Job, SkippedItem } from '../../common/domain'
import type { QueueScope } from '../../common/queue'
import type { Clock } from '../clock'
import { pollChanges } from './changes-poll'
import { diffJobs, type JobDiff } from './diff'
import { defaultPageSize, listScope, type QueueClient } from './scoped-list'

/** A scope listed with at least this many jobs is large. */
export const defaultLargeAt = 2_000

export type Listing =
  | { kind: 'full'; jobs: Job[]; skipped: SkippedItem[]; complete: boolean }
  | { kind: 'changes'; diff: JobDiff; skipped: SkippedItem[] }

export interface QueueListerOptions {
  clock: Clock
  /** A scope listed with at least this many jobs is polled for changes between full lists. */
  largeAt?: number
  /** How often a large scope is listed in full (purges, and anything the change polls cannot see). */
  fullEveryMs?: number
  /** The shortest gap between two full lists when a change poll found the held list out of step. */
  minFullGapMs?: number
  pageSize?: number
}

/**
 * Decides how each poll lists the view's scope. A small scope is listed in full every time, which is exact.
 * A large one is listed in full by pages when watching starts, every few minutes, on demand, or (at most
 * once a minute) when a change poll finds the held list out of step; the polls in between ask only for what changes.
 */
export class QueueLister {
  private lastFullAt: number | null = null
  private large = false
  private outOfStep = false
  private fullAsked = false
  private readonly largeAt: number
  private readonly fullEveryMs: number
  private readonly minFullGapMs: number
  private readonly pageSize: number

  constructor(private readonly options: QueueListerOptions) {
    this.largeAt = options.largeAt ?? defaultLargeAt
    this.fullEveryMs = options.fullEveryMs ?? 300_000
    this.minFullGapMs = options.minFullGapMs ?? 60_000
    this.pageSize = options.pageSize ?? defaultPageSize
  }

  /** A new watch or scope: the next poll lists it in full. */
  restart(): void {
    this.lastFullAt = null
    this.large = false
    this.outOfStep = false
  }

  /** The next poll lists the scope in full (the user asked for a refresh). */
  askFull(): void {
    this.fullAsked = true
  }

  async list(
    client: QueueClient,
    scope: QueueScope,
    held: ReadonlyMap<string, Job>,
    touched: readonly string[],
    onPage?: (jobs: Job[]) => void
  ): Promise<Listing> {
    const now = this.options.clock.now().getTime()
    if (this.fullDue(now)) {
      this.fullAsked = false
      const listed = await listScope(client, scope, { pageSize: this.pageSize, onPage })
      this.lastFullAt = now
      this.large = listed.jobs.length >= this.largeAt
      this.outOfStep = !listed.complete
      return { kind: 'full', ...listed }
    }
    const changes = await pollChanges(client, scope, held, touched)
    this.outOfStep = !changes.inStep
    return { kind: 'changes', diff: changes.diff, skipped: changes.skipped }
  }

  private fullDue(now: number): boolean {
    if (this.lastFullAt === null || !this.large || this.fullAsked) return true
    const since = now - this.lastFullAt
    return since >= this.fullEveryMs || (this.outOfStep && since >= this.minFullGapMs)
  }
}

/**
 * Applies a listing to the held list, in place, and says what changed from `before` (the list as the poll
 * began). A full list with gaps keeps the held jobs it missed.
 */
export function applyListing(
  held: Map<string, Job>,
  before: ReadonlyMap<string, Job>,
  listing: Listing,
  sameScope: boolean
): JobDiff {
  if (listing.kind === 'full') {
    let jobs = listing.jobs
    if (!listing.complete && sameScope) {
      const seen = new Set(jobs.map((j) => j.id))
      jobs = [...jobs, ...[...before.values()].filter((j) => !seen.has(j.id))]
    }
    held.clear()
    for (const job of jobs) held.set(job.id, job)
    return diffJobs(before, jobs)
  }
  for (const id of listing.diff.removed) held.delete(id)
  for (const job of [...listing.diff.added, ...listing.diff.changed]) held.set(job.id, job)
  return listing.diff
}
