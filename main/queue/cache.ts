import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { jobSchema, type Job } from '../../common/domain'
import { queueScopeSchema, statusCountsSchema } from '../../common/queue'
import { JsonFile } from '../store/json-file'
import type { Logger } from '../log'
import type { JobDiff } from './diff'
import { partOf, queueParts } from './cache-parts'

const cachedQueueSchema = z.object({
  connectionId: z.string(),
  lastUpdated: z.string(),
  /** The scope the jobs were listed with: offline, the view knows what the copy can and cannot show. */
  scope: queueScopeSchema,
  counts: statusCountsSchema.nullable(),
  jobs: z.array(jobSchema)
})
export type CachedQueue = z.infer<typeof cachedQueueSchema>

/** Version 3 keeps the jobs in parts beside this file; versions 1 and 2 held them here. */
const headSchema = cachedQueueSchema.omit({ jobs: true }).extend({
  parts: z.number().int().positive().optional(),
  jobs: z.array(jobSchema).optional()
})
type Head = z.infer<typeof headSchema>
const partSchema = z.object({ jobs: z.array(jobSchema) })

/** Version 1 held the whole queue, without scope or counts; version 2 held it with them. */
function migrate(data: unknown, fromVersion: number): unknown {
  if (fromVersion === 1 && typeof data === 'object' && data !== null) return { ...data, scope: {}, counts: null }
  if (fromVersion === 2) return data
  throw new Error(`schema ${fromVersion} cannot be upgraded`)
}

/**
 * The last known queue of each connection, kept on disk so the app can show it offline. The jobs are split
 * by id into parts, and a save that knows what changed writes only the parts holding those jobs: a poll that
 * saw three jobs change in a 50,000-job queue writes a few hundred kilobytes, not the whole list.
 */
export class QueueCache {
  constructor(
    private readonly dir: string,
    private readonly logger: Logger
  ) {}

  private safe(connectionId: string): string {
    return connectionId.replace(/[^A-Za-z0-9_-]/g, '_')
  }

  private head(connectionId: string): JsonFile<Head> {
    return new JsonFile({
      path: join(this.dir, `${this.safe(connectionId)}.json`),
      schema: headSchema,
      version: 3,
      migrate
    })
  }

  private part(connectionId: string, index: number): JsonFile<{ jobs: Job[] }> {
    const path = join(this.dir, `${this.safe(connectionId)}.part-${index}.json`)
    return new JsonFile({ path, schema: partSchema, version: 1 })
  }

  async load(connectionId: string): Promise<CachedQueue | null> {
    const head = await this.read(this.head(connectionId), 'cached queue')
    if (!head) return null
    const { parts, jobs, ...rest } = head
    if (jobs || !parts) return { ...rest, jobs: jobs ?? [] }
    const read = await Promise.all(
      Array.from({ length: parts }, (_, i) => this.read(this.part(connectionId, i), `cached queue part ${i}`))
    )
    return { ...rest, jobs: read.flatMap((p) => p?.jobs ?? []) }
  }

  /** Saves the queue; with `changed`, only the parts that hold a changed job (all when the last save was another layout). */
  async save(queue: CachedQueue, changed?: JobDiff): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    const { jobs, ...rest } = queue
    const touched = changed && this.lastLayout.get(queue.connectionId) === queueParts ? partsOf(changed) : null
    // A save that fails half way leaves parts behind the list: the next one writes them all.
    this.lastLayout.delete(queue.connectionId)
    const byPart: Job[][] = Array.from({ length: queueParts }, () => [])
    for (const job of jobs) {
      const index = partOf(job.id)
      if (!touched || touched.has(index)) byPart[index]?.push(job)
    }
    // One part at a time: each write's text and checked copy are a part's, not the whole queue's.
    for (const [i, partJobs] of byPart.entries()) {
      if (!touched || touched.has(i)) await this.part(queue.connectionId, i).write({ jobs: partJobs })
    }
    await this.head(queue.connectionId).write({ ...rest, parts: queueParts })
    this.lastLayout.set(queue.connectionId, queueParts)
  }

  /** The part count each connection was last saved with by this process (a first save writes every part). */
  private readonly lastLayout = new Map<string, number>()

  private async read<T>(file: JsonFile<T>, what: string): Promise<T | null> {
    const result = await file.read()
    if (result.status === 'corrupt')
      this.logger.warn(`The ${what} was unreadable (${result.reason}); moved to ${result.movedTo}.`)
    return result.status === 'ok' ? result.value : null
  }
}

function partsOf(diff: JobDiff): Set<number> {
  const ids = [...diff.added.map((j) => j.id), ...diff.changed.map((j) => j.id), ...diff.removed]
  return new Set(ids.map(partOf))
}
