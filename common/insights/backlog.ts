import type { Job } from '../domain'
import type { BacklogItem } from './summary-schema'

/** The queue now: running jobs first (longest running first), then pending ones by position. */
export function backlog(queue: readonly Job[], now: Date): BacklogItem[] {
  const t = now.getTime()
  const age = (iso: string | null) => (iso ? Math.max(0, t - Date.parse(iso)) : 0)
  const running = queue
    .filter((j) => j.status === 'Running')
    .map((j) => item(j, null, age(j.executionDate ?? j.submissionDate)))
    .sort((a, b) => b.ageMs - a.ageMs)
  const pending = queue
    .filter((j) => j.status === 'Pending')
    .map((j) => item(j, j.position, age(j.submissionDate)))
    .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity))
  return [...running, ...pending]
}

function item(j: Job, position: number | null, ageMs: number): BacklogItem {
  return { id: j.id, name: j.name, type: j.type, status: j.status, submitter: j.submitterName, position, ageMs }
}
