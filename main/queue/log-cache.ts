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
  private readonly indexes = new Map<string, LogIndex>()
  private readonly maxIndexes = 8

  constructor(
    private readonly dir: string,
    private readonly openStream: OpenLogStream
  ) {}

  /** The index of a job's log; `fresh` fetches it again (for jobs still running). */
  async open(jobId: string, fileName: string, fresh = false): Promise<LogIndex> {
    const key = `${jobId}\n${fileName}`
    const known = this.indexes.get(key)
    if (known && !fresh) return known
    const path = join(this.dir, createHash('sha256').update(key).digest('hex').slice(0, 32) + '.log')
    if (fresh || !(await exists(path))) await this.fetch(jobId, fileName, path)
    const index = await buildLogIndex(path)
    this.indexes.delete(key)
    this.indexes.set(key, index)
    while (this.indexes.size > this.maxIndexes) {
      const oldest = this.indexes.keys().next().value
      if (oldest === undefined) break
      this.indexes.delete(oldest)
    }
    return index
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
