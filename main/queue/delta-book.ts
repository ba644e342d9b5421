import type { Job } from '../../common/domain'
import type { JobDiff } from './diff'

/**
 * What the renderer was told, kept per job: each change to the held list marks its id, and the next delta
 * carries only the marked jobs. No delta walks the whole list, which at 50,000 jobs is what costs.
 */
export class DeltaBook {
  private emitted = new Map<string, Job>()
  private readonly marked = new Set<string>()
  private reset = false

  /** The held list was replaced wholesale (a cache shown): the next delta is a reset. */
  markAll(): void {
    this.reset = true
    this.marked.clear()
  }

  mark(ids: Iterable<string>): void {
    if (this.reset) return
    for (const id of ids) this.marked.add(id)
  }

  markDiff(diff: JobDiff): void {
    this.mark(diff.added.map((j) => j.id))
    this.mark(diff.changed.map((j) => j.id))
    this.mark(diff.removed)
  }

  /** The renderer was handed the whole list (a snapshot). */
  told(jobs: ReadonlyMap<string, Job>): void {
    this.emitted = new Map(jobs)
    this.marked.clear()
    this.reset = false
  }

  /** The delta from what was told to `jobs`, and records it as told. */
  take(jobs: ReadonlyMap<string, Job>): JobDiff & { reset: boolean } {
    if (this.reset) {
      this.told(jobs)
      return { reset: true, added: [...jobs.values()], changed: [], removed: [] }
    }
    const diff: JobDiff & { reset: boolean } = { reset: false, added: [], changed: [], removed: [] }
    for (const id of this.marked) {
      const now = jobs.get(id)
      const before = this.emitted.get(id)
      if (now && !before) diff.added.push(now)
      else if (now && before !== now) diff.changed.push(now)
      else if (!now && before) diff.removed.push(id)
      if (now) this.emitted.set(id, now)
      else this.emitted.delete(id)
    }
    this.marked.clear()
    return diff
  }
}
