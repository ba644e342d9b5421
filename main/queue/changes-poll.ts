import { isDeepStrictEqual } from 'node:util'
import { jobStatuses, type Job, type KnownJobStatus, type SkippedItem } from '../../common/domain'
import { AppError } from '../../common/errors'
import type { QueueScope, QueueStatusCounts } from '../../common/queue'
import { countMatching } from './paged-list'
import { countStatuses, listScope, scopeFilters, type QueueClient } from './scoped-list'
import type { JobDiff } from './diff'

const activeStatuses: readonly KnownJobStatus[] = ['Pending', 'Running']
const finishedStatuses: readonly KnownJobStatus[] = ['Succeeded', 'Failed', 'Cancelled']
/** Jobs read one by one after leaving the unfinished lists; more than this and a full list is cheaper. */
const maxReads = 100

export interface ChangesPoll {
  diff: JobDiff
  skipped: SkippedItem[]
  /**
   * False when the held list and the server disagree in a way this poll cannot mend: a finished status whose
   * count differs (jobs that came and went between polls, or purged ones), or too many jobs to read one by one.
   */
  inStep: boolean
}

/**
 * What changed in a large scope, without listing it all: its Pending and Running jobs (small lists), each job
 * that left them read once (404: deleted), and the count of each finished status compared with the held list.
 */
export async function pollChanges(
  client: QueueClient,
  scope: QueueScope,
  held: ReadonlyMap<string, Job>,
  touched: readonly string[] = []
): Promise<ChangesPoll> {
  const wanted = scope.status ? [scope.status] : jobStatuses
  const active = activeStatuses.filter((s) => wanted.includes(s))
  const finished = finishedStatuses.filter((s) => wanted.includes(s))
  // A text scope is two lists (name, description) whose counts overlap: only a full list can check it.
  const countable = scopeFilters(scope).length === 1
  const [lists, counts] = await Promise.all([
    Promise.all(active.map((status) => listScope(client, { ...scope, status }))),
    countable
      ? Promise.all(finished.map((status) => countMatching(client, { ...scopeFilters(scope)[0], status })))
      : null
  ])
  const now = new Map<string, Job>()
  for (const job of lists.flatMap((l) => l.jobs)) now.set(job.id, job)
  const left = [...held.values()].filter((j) => active.includes(j.status as KnownJobStatus) && !now.has(j.id))
  for (const id of touched) {
    const job = held.get(id)
    if (job && !now.has(id) && !left.includes(job)) left.push(job)
  }
  const tooMany = left.length > maxReads
  const read = tooMany ? [] : await Promise.all(left.map((j) => readOrNull(client, j.id)))
  const removed: string[] = []
  left.forEach((job, i) => {
    if (tooMany) return
    const latest = read[i]
    if (latest && inScope(latest, scope)) now.set(latest.id, latest)
    else removed.push(job.id)
  })
  const diff: JobDiff = { added: [], changed: [], removed }
  for (const job of now.values()) {
    const before = held.get(job.id)
    if (!before) diff.added.push(job)
    else if (!isDeepStrictEqual(before, job)) diff.changed.push(job)
  }
  const after = heldCounts(held, diff)
  const countsMatch = !counts || finished.every((status, i) => after[status] === counts[i])
  return {
    diff,
    skipped: lists.flatMap((l) => l.skipped),
    inStep: !tooMany && countsMatch && lists.every((l) => l.complete)
  }
}

/** The whole queue's count per status: five one-job pages, where the metrics endpoint would list every job. */
export async function countQueue(client: QueueClient): Promise<QueueStatusCounts> {
  const byStatus = await Promise.all(jobStatuses.map((status) => countMatching(client, { status })))
  const counts = countStatuses([])
  jobStatuses.forEach((status, i) => (counts[status] = byStatus[i] ?? 0))
  counts.total = byStatus.reduce((a, b) => a + b, 0)
  return counts
}

function heldCounts(held: ReadonlyMap<string, Job>, diff: JobDiff): QueueStatusCounts {
  const changed = new Map([...diff.added, ...diff.changed].map((j) => [j.id, j]))
  const gone = new Set(diff.removed)
  const statuses: string[] = []
  for (const [id, job] of held) if (!gone.has(id) && !changed.has(id)) statuses.push(job.status)
  for (const job of changed.values()) statuses.push(job.status)
  return countStatuses(statuses)
}

/** Whether a job read on its own still belongs to the scope (its status may have left the scope's). */
function inScope(job: Job, scope: QueueScope): boolean {
  if (scope.status && job.status !== scope.status) return false
  if (scope.jobType && job.type !== scope.jobType) return false
  if (scope.submitterName && job.submitterName !== scope.submitterName) return false
  return true
}

async function readOrNull(client: QueueClient, id: string): Promise<Job | null> {
  try {
    return await client.getJob(id)
  } catch (e) {
    if (e instanceof AppError && e.code === 'NotFound') return null
    throw e
  }
}
