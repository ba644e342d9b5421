import { isDeepStrictEqual } from 'node:util'
import type { Job } from '../../common/domain'

export interface JobDiff {
  added: Job[]
  changed: Job[]
  removed: string[]
}

/** What changed between the last known list and a new one. Jobs missing from the new list were removed (purged or deleted). */
export function diffJobs(previous: ReadonlyMap<string, Job>, next: readonly Job[]): JobDiff {
  const added: Job[] = []
  const changed: Job[] = []
  const seen = new Set<string>()
  for (const job of next) {
    seen.add(job.id)
    const before = previous.get(job.id)
    if (!before) added.push(job)
    else if (before !== job && !isDeepStrictEqual(before, job)) changed.push(job)
  }
  const removed: string[] = []
  for (const id of previous.keys()) if (!seen.has(id)) removed.push(id)
  return { added, changed, removed }
}

export function isEmptyDiff(d: JobDiff): boolean {
  return d.added.length === 0 && d.changed.length === 0 && d.removed.length === 0
}
