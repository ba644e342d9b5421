import { isDeepStrictEqual } from 'node:util'
import type { Job } from '../../common/domain'

/** What the renderer must apply to what it was last told. */
export interface JobDiff {
  added: Job[]
  changed: Job[]
  removed: string[]
}

/** The changes since the cache last wrote the whole list: the job, or null when it went. */
export interface JobChanges {
  upserts: Job[]
  removed: string[]
}

/**
 * The jobs held, by id. A change is noted per job as it is applied, so a delta to the renderer or to the cache
 * never compares, copies or re-sorts the whole list.
 */
export class JobTable {
  private readonly jobs = new Map<string, Job>()
  /** The ids the renderer holds. */
  private told = new Set<string>()
  /** Ids changed since the last delta. */
  private dirty = new Set<string>()
  /** Changes since the cache's last full write. */
  private journal = new Map<string, Job | null>()
  private journalChanged = false

  get size(): number {
    return this.jobs.size
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id)
  }

  has(id: string): boolean {
    return this.jobs.has(id)
  }

  values(): IterableIterator<Job> {
    return this.jobs.values()
  }

  ids(): IterableIterator<string> {
    return this.jobs.keys()
  }

  /** How many jobs changed since the cache's last full write. */
  get changeCount(): number {
    return this.journal.size
  }

  /** Holds this version of a job; true when it is new or differs from the one held. */
  put(job: Job): boolean {
    const before = this.jobs.get(job.id)
    if (before && isDeepStrictEqual(before, job)) return false
    this.jobs.set(job.id, job)
    this.note(job.id, job)
    return true
  }

  remove(id: string): boolean {
    if (!this.jobs.delete(id)) return false
    this.note(id, null)
    return true
  }

  /** Holds exactly these jobs (a cached copy was read): the renderer is sent everything again. */
  replace(jobs: Iterable<Job>): void {
    this.jobs.clear()
    for (const job of jobs) this.jobs.set(job.id, job)
    this.dirty.clear()
    this.clearJournal()
  }

  /** The delta since the renderer was last told; `reset`: everything, as new. */
  takeDelta(reset: boolean): JobDiff {
    if (reset) {
      this.markTold()
      return { added: [...this.jobs.values()], changed: [], removed: [] }
    }
    const diff: JobDiff = { added: [], changed: [], removed: [] }
    for (const id of this.dirty) {
      const job = this.jobs.get(id)
      if (job && this.told.has(id)) diff.changed.push(job)
      else if (job) {
        diff.added.push(job)
        this.told.add(id)
      } else if (this.told.delete(id)) diff.removed.push(id)
    }
    this.dirty.clear()
    return diff
  }

  /** Everything held now counts as told (a snapshot went out). */
  markTold(): void {
    this.told = new Set(this.jobs.keys())
    this.dirty.clear()
  }

  /** The changes since the cache's last full write, once per batch of changes; null when nothing changed since. */
  takeChanges(): JobChanges | null {
    if (!this.journalChanged) return null
    this.journalChanged = false
    const changes: JobChanges = { upserts: [], removed: [] }
    for (const [id, job] of this.journal) {
      if (job) changes.upserts.push(job)
      else changes.removed.push(id)
    }
    return changes
  }

  /** The cache has just written the whole list. */
  clearJournal(): void {
    this.journal.clear()
    this.journalChanged = false
  }

  private note(id: string, job: Job | null): void {
    this.dirty.add(id)
    this.journal.set(id, job)
    this.journalChanged = true
  }
}
