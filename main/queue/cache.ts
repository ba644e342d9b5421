import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { jobSchema } from '../../common/domain'
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

/** Version 1 held the whole queue, without scope or counts. */
function migrate(data: unknown, fromVersion: number): unknown {
  if (fromVersion === 1 && typeof data === 'object' && data !== null) return { ...data, scope: {}, counts: null }
  throw new Error(`schema ${fromVersion} cannot be upgraded`)
}

/** The last known queue of each connection, kept on disk so the app can show it offline. */
export class QueueCache {
  constructor(
    private readonly dir: string,
    private readonly logger: Logger
  ) {}

  private file(connectionId: string): JsonFile<CachedQueue> {
    const safe = connectionId.replace(/[^A-Za-z0-9_-]/g, '_')
    return new JsonFile({ path: join(this.dir, `${safe}.json`), schema: cachedQueueSchema, version: 2, migrate })
  }

  async load(connectionId: string): Promise<CachedQueue | null> {
    const result = await this.file(connectionId).read()
    if (result.status === 'corrupt')
      this.logger.warn(`The cached queue was unreadable (${result.reason}); moved to ${result.movedTo}.`)
    return result.status === 'ok' ? result.value : null
  }

  async save(queue: CachedQueue): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    await this.file(queue.connectionId).write(queue)
  }
}
