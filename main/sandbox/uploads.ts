import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import { JsonFile } from '../store/json-file'

const uploadSchema = z.object({ id: z.string(), fileName: z.string(), size: z.number().int(), uploadedAt: z.number() })
export type Upload = z.infer<typeof uploadSchema>
const indexSchema = z.object({ uploads: z.array(uploadSchema) })

/** Thrown by the source stream when a file passes the size limit. */
export class UploadTooLargeError extends Error {}

/**
 * Uploaded files waiting for a job: streamed to `uploads/<id>` (never held in memory), indexed in
 * `uploads.json`, moved into a job's folder when a job uses them, and deleted when none does in time.
 */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>()
  private readonly index: JsonFile<z.infer<typeof indexSchema>>
  private readonly dir: string
  private timer: NodeJS.Timeout | undefined

  constructor(
    dataDir: string,
    private readonly expiryMs: number,
    private readonly clock: () => Date,
    private readonly log: (line: string) => void
  ) {
    this.dir = join(dataDir, 'uploads')
    this.index = new JsonFile({ path: join(dataDir, 'uploads.json'), schema: indexSchema, version: 1 })
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    const read = await this.index.read()
    if (read.status === 'corrupt') this.log(`uploads.json was unreadable (${read.reason}); moved to ${read.movedTo}`)
    if (read.status === 'ok') for (const u of read.value.uploads) this.uploads.set(u.id, u)
    await this.expire()
    const every = Math.max(50, Math.min(60_000, Math.floor(this.expiryMs / 2)))
    this.timer = setInterval(() => void this.expire(), every)
    this.timer.unref()
  }

  close(): void {
    clearInterval(this.timer)
  }

  get(id: string): Upload | undefined {
    return this.uploads.get(id)
  }

  /** Streams one file to disk; on any failure (including the size limit) nothing is left behind. */
  async receive(fileName: string, source: Readable, truncated: () => boolean): Promise<Upload> {
    const id = randomUUID()
    const path = join(this.dir, id)
    try {
      await pipeline(source, createWriteStream(path, { flags: 'wx' }))
      // The multipart parser stops at the size limit and marks the stream instead of failing it.
      if (truncated()) throw new UploadTooLargeError(`${fileName} is over the size limit`)
    } catch (e) {
      await rm(path, { force: true })
      throw e
    }
    const { size } = await stat(path)
    const upload: Upload = { id, fileName, size, uploadedAt: this.clock().getTime() }
    this.uploads.set(id, upload)
    await this.save()
    return upload
  }

  /** Moves an upload to `target` and forgets it: one upload feeds one job. */
  async take(id: string, target: string): Promise<void> {
    await rename(join(this.dir, id), target)
    this.uploads.delete(id)
    await this.save()
  }

  async expire(): Promise<void> {
    const limit = this.clock().getTime() - this.expiryMs
    const old = [...this.uploads.values()].filter((u) => u.uploadedAt <= limit)
    if (old.length === 0) return
    for (const u of old) {
      this.uploads.delete(u.id)
      await rm(join(this.dir, u.id), { force: true })
    }
    this.log(`deleted ${old.length} unused upload(s) older than ${this.expiryMs} ms`)
    await this.save()
  }

  private save(): Promise<void> {
    return this.index.write({ uploads: [...this.uploads.values()] })
  }
}
