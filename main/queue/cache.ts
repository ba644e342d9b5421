import { mkdir, readdir, unlink } from 'node:fs/promises'
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

/** On disk, the jobs are in part files of `partSize` each, named by the list file: one large write would need
 * memory for a copy of the whole list at once. */
const storedQueueSchema = cachedQueueSchema.extend({ parts: z.array(z.string()) })
type StoredQueue = z.infer<typeof storedQueueSchema>
const partSchema = z.object({ jobs: z.array(jobSchema) })
const partSize = 5_000

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

/** Version 1 held the whole queue, without scope or counts; version 2 held every job in the one file. */
function migrate(data: unknown, fromVersion: number): unknown {
  if (typeof data !== 'object' || data === null) throw new Error(`schema ${fromVersion} cannot be upgraded`)
  if (fromVersion === 1) return { ...data, scope: {}, counts: null, parts: [] }
  if (fromVersion === 2) return { ...data, parts: [] }
  throw new Error(`schema ${fromVersion} cannot be upgraded`)
}

/**
 * The last known queue of each connection, kept on disk so the app can show it offline: the whole list, written
 * rarely, and the changes since, written as they come.
 */
export class QueueCache {
  private saves = 0

  constructor(
    private readonly dir: string,
    private readonly logger: Logger
  ) {}

  private name(connectionId: string, suffix: string): string {
    return join(this.dir, `${connectionId.replace(/[^A-Za-z0-9_-]/g, '_')}${suffix}`)
  }

  private file(connectionId: string): JsonFile<StoredQueue> {
    return new JsonFile({ path: this.name(connectionId, '.json'), schema: storedQueueSchema, version: 3, migrate })
  }

  private part(name: string): JsonFile<z.infer<typeof partSchema>> {
    return new JsonFile({ path: join(this.dir, name), schema: partSchema, version: 1 })
  }

  private changesFile(connectionId: string): JsonFile<CachedChanges> {
    return new JsonFile({ path: this.name(connectionId, '.changes.json'), schema: cachedChangesSchema, version: 1 })
  }

  async load(connectionId: string): Promise<CachedQueue | null> {
    const result = await this.file(connectionId).read()
    if (result.status === 'corrupt')
      this.logger.warn(`The cached queue was unreadable (${result.reason}); moved to ${result.movedTo}.`)
    if (result.status !== 'ok') return null
    const { parts, ...queue } = result.value
    for (const name of parts) {
      const part = await this.part(name).read()
      if (part.status !== 'ok') {
        this.logger.warn(
          `Part of the cached queue (${name}) was ${part.status === 'missing' ? 'missing' : 'unreadable'}; the copy is not used.`
        )
        return null
      }
      queue.jobs.push(...part.value.jobs)
    }
    const changes = await this.changesFile(connectionId).read()
    if (changes.status === 'corrupt')
      this.logger.warn(
        `The latest changes to the cached queue were unreadable (${changes.reason}); moved to ${changes.movedTo}.`
      )
    if (changes.status !== 'ok' || changes.value.base !== queue.lastUpdated) return queue
    return applyChanges(queue, changes.value)
  }

  /** Writes the whole list, part by part, then the file naming them (the changes written before no longer apply). */
  async save(queue: CachedQueue): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    const prefix = `${this.name(queue.connectionId, '').slice(this.dir.length + 1)}.part-`
    const stamp = `${queue.lastUpdated.replace(/\D/g, '')}-${++this.saves}`
    const parts: string[] = []
    for (let i = 0; i * partSize < queue.jobs.length; i++) {
      const name = `${prefix}${stamp}-${i}.json`
      await this.part(name).write({ jobs: queue.jobs.slice(i * partSize, (i + 1) * partSize) })
      parts.push(name)
    }
    await this.file(queue.connectionId).write({ ...queue, jobs: [], parts })
    // Parts of earlier copies, and of a write cut short.
    const kept = new Set(parts)
    for (const name of await readdir(this.dir))
      if (name.startsWith(prefix) && !kept.has(name)) await unlink(join(this.dir, name)).catch(() => {})
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
