import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import { createHash } from 'node:crypto'
import { buildLogIndex, type LogIndex } from './log-index'

export type OpenLogStream = (jobId: string, fileName: string) => Promise<Readable>

/**
 * Job logs fetched once into the data folder and indexed, so the viewer reads any window of lines
 * from a 50 MB log without holding it in memory or sending it over IPC whole.
 */
export class LogCache {
  /** Most recently used last; each log's bytes on disk count against `maxBytes`. */
  private readonly indexes = new Map<string, LogIndex>()
  /** Two opens of the same log share one fetch: they never write the same file at once. */
  private readonly opening = new Map<string, Promise<LogIndex>>()

  constructor(
    private readonly dir: string,
    private readonly openStream: OpenLogStream,
    private readonly maxBytes = 512 * 1024 * 1024,
    private readonly maxIndexes = 8
  ) {}

  /** The index of a job's log; `fresh` fetches it again (for jobs still running). */
  open(jobId: string, fileName: string, fresh = false): Promise<LogIndex> {
    const key = `${jobId}\n${fileName}`
    const pending = this.opening.get(key)
    if (pending) return pending
    const known = this.indexes.get(key)
    if (known && !fresh) {
      this.indexes.delete(key)
      this.indexes.set(key, known)
      return Promise.resolve(known)
    }
    const opening = this.load(key, jobId, fileName, fresh).finally(() => this.opening.delete(key))
    this.opening.set(key, opening)
    return opening
  }

  /** Bytes of the logs kept now. */
  get bytes(): number {
    let n = 0
    for (const i of this.indexes.values()) n += i.bytes
    return n
  }

  private async load(key: string, jobId: string, fileName: string, fresh: boolean): Promise<LogIndex> {
    const path = join(this.dir, createHash('sha256').update(key).digest('hex').slice(0, 32) + '.log')
    if (fresh || !(await exists(path))) await this.fetch(jobId, fileName, path)
    const index = await buildLogIndex(path)
    this.indexes.delete(key)
    this.indexes.set(key, index)
    await this.evict(key)
    return index
  }

  /** Drops the least recently used logs (index and file) until the rest fit; the one just opened stays. */
  private async evict(keep: string): Promise<void> {
    for (const [key, index] of this.indexes) {
      if (this.bytes <= this.maxBytes && this.indexes.size <= this.maxIndexes) return
      if (key === keep || this.opening.has(key)) continue
      this.indexes.delete(key)
      await rm(index.path, { force: true })
    }
  }

  private async fetch(jobId: string, fileName: string, path: string): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    const part = `${path}.part`
    try {
      await pipeline(await this.openStream(jobId, fileName), createWriteStream(part))
      await rename(part, path)
    } finally {
      await rm(part, { force: true })
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}
