import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { jobSchema, type Job } from '../../common/domain'
import { JsonFile } from '../store/json-file'

const cachedQueueSchema = z.object({ connectionId: z.string(), lastUpdated: z.string(), jobs: z.array(jobSchema) })
export type CachedQueue = z.infer<typeof cachedQueueSchema>

/** The last known queue of each connection, kept on disk so the app can show it offline. */
export class QueueCache {
  constructor(
    private readonly dir: string,
    private readonly log: (msg: string) => void = () => {}
  ) {}

  private file(connectionId: string): JsonFile<CachedQueue> {
    const safe = connectionId.replace(/[^A-Za-z0-9_-]/g, '_')
    return new JsonFile({ path: join(this.dir, `${safe}.json`), schema: cachedQueueSchema, version: 1 })
  }

  async load(connectionId: string): Promise<CachedQueue | null> {
    const result = await this.file(connectionId).read()
    if (result.status === 'corrupt') this.log(`The cached queue was unreadable (${result.reason}); moved to ${result.movedTo}.`)
    return result.status === 'ok' ? result.value : null
  }

  async save(connectionId: string, jobs: Job[], lastUpdated: string): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    await this.file(connectionId).write({ connectionId, lastUpdated, jobs })
  }
}
