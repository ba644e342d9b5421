import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { jobSchema, type Job } from '../../common/domain'
import { queueScopeSchema, statusCountsSchema } from '../../common/queue'
import { JsonFile } from '../store/json-file'
import type { Logger } from '../log'

const cachedQueueSchema = z.object({
  connectionId: z.string(),
  lastUpdated: z.string(),
  /** The scope the jobs were listed with: offline, the view knows what the copy can and cannot show. */
  scope: queueScopeSchema,
  counts: statusCountsSchema.nullable(),
  jobs: z.array(jobSchema)
})
export type CachedQueue = z.infer<typeof cachedQueueSchema>

/** What changed since the whole list was written: small, so it is written after every poll that changed something. */
const cachedChangesSchema = z.object({
  /** The `lastUpdated` of the whole list these changes apply to; any other list ignores them. */
  base: z.string(),
  lastUpdated: z.string(),
  counts: statusCountsSchema.nullable(),
  upserts: z.array(jobSchema),
  removed: z.array(z.string())
})
export type CachedChanges = z.infer<typeof cachedChangesSchema>

/** Version 1 held the whole queue, without scope or counts. */
function migrate(data: unknown, fromVersion: number): unknown {
  if (fromVersion === 1 && typeof data === 'object' && data !== null) return { ...data, scope: {}, counts: null }
  throw new Error(`schema ${fromVersion} cannot be upgraded`)
}

/**
 * The last known queue of each connection, kept on disk so the app can show it offline: the whole list, written
 * rarely, and the changes since, written as they come.
 */
export class QueueCache {
  constructor(
    private readonly dir: string,
    private readonly logger: Logger
  ) {}

  private name(connectionId: string, suffix: string): string {
    return join(this.dir, `${connectionId.replace(/[^A-Za-z0-9_-]/g, '_')}${suffix}`)
  }

  private file(connectionId: string): JsonFile<CachedQueue> {
    return new JsonFile({ path: this.name(connectionId, '.json'), schema: cachedQueueSchema, version: 2, migrate })
  }

  private changesFile(connectionId: string): JsonFile<CachedChanges> {
    return new JsonFile({ path: this.name(connectionId, '.changes.json'), schema: cachedChangesSchema, version: 1 })
  }

  async load(connectionId: string): Promise<CachedQueue | null> {
    const result = await this.file(connectionId).read()
    if (result.status === 'corrupt')
      this.logger.warn(`The cached queue was unreadable (${result.reason}); moved to ${result.movedTo}.`)
    if (result.status !== 'ok') return null
    const queue = result.value
    const changes = await this.changesFile(connectionId).read()
    if (changes.status === 'corrupt')
      this.logger.warn(
        `The latest changes to the cached queue were unreadable (${changes.reason}); moved to ${changes.movedTo}.`
      )
    if (changes.status !== 'ok' || changes.value.base !== queue.lastUpdated) return queue
    return applyChanges(queue, changes.value)
  }

  /** Writes the whole list (the changes written before it no longer apply). */
  async save(queue: CachedQueue): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    await this.file(queue.connectionId).write(queue)
  }

  /** Writes every change since the whole list of `connectionId` was last saved. */
  async saveChanges(connectionId: string, changes: CachedChanges): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    await this.changesFile(connectionId).write(changes)
  }
}

function applyChanges(queue: CachedQueue, changes: CachedChanges): CachedQueue {
  const jobs = new Map<string, Job>(queue.jobs.map((j) => [j.id, j]))
  for (const job of changes.upserts) jobs.set(job.id, job)
  for (const id of changes.removed) jobs.delete(id)
  return { ...queue, lastUpdated: changes.lastUpdated, counts: changes.counts, jobs: [...jobs.values()] }
}
