import type { Job, SkippedItem } from '../../common/domain'
import { AppError } from '../../common/errors'
import type { QueueScope } from '../../common/queue'
import { mergeSkipped, scopeFilters, type QueueClient } from './scoped-list'

/** More jobs than this leaving the lists at once (a long pause, a busy site): a full pass is cheaper. */
export const maxLeavers = 200
/** Jobs read by id at the same time. */
const readsAtOnce = 8

/** One poll of what changes: the Pending and Running jobs, and how the ones that left those lists ended. */
export interface ActiveUpdate {
  /** The jobs Pending or Running now, within the scope's filters other than status. */
  active: Map<string, Job>
  /** The jobs that left those lists since the previous poll, read once each: their final status. */
  left: Job[]
  /** The jobs that left those lists and are no longer on the server. */
  gone: string[]
  skipped: SkippedItem[]
}

/**
 * Asks the server only for the Pending and Running jobs of the scope (its status aside: a job entering a
 * "Failed" view is one that was running), then reads by id each job of `previous` that is in neither list.
 * Null when too many left at once.
 */
export async function pollActive(
  client: QueueClient,
  scope: QueueScope,
  previous: ReadonlySet<string>
): Promise<ActiveUpdate | null> {
  const unstatused = { ...scope, status: undefined }
  const requests = scopeFilters(unstatused).flatMap((f) =>
    (['Pending', 'Running'] as const).map((status) => client.listJobs({ ...f, status }))
  )
  const lists = await Promise.all(requests)
  const active = new Map<string, Job>()
  for (const job of lists.flatMap((l) => l.jobs)) active.set(job.id, job)
  const leavers = [...previous].filter((id) => !active.has(id))
  if (leavers.length > maxLeavers) return null
  const left: Job[] = []
  const gone: string[] = []
  for (let i = 0; i < leavers.length; i += readsAtOnce) {
    const batch = leavers.slice(i, i + readsAtOnce)
    const read = await Promise.all(batch.map((id) => readOrNull(client, id)))
    read.forEach((job, k) => (job ? left.push(job) : gone.push(batch[k] as string)))
  }
  return { active, left, gone, skipped: mergeSkipped(...lists.map((l) => l.skipped)) }
}

/** A job by id; null when the server no longer has it. */
export function readOrNull(client: QueueClient, id: string): Promise<Job | null> {
  return client.getJob(id).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'NotFound') return null
    throw e
  })
}
