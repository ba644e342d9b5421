import { readFile, rename } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import writeFileAtomic from 'write-file-atomic'
import type { z } from 'zod'

/**
 * One JSON file on disk with a schema version: written atomically (temp file, fsync, rename),
 * parsed with zod when read, upgraded by `migrate` when older, moved aside when corrupt.
 */
export interface JsonFileOptions<T> {
  path: string
  schema: z.ZodType<T>
  version: number
  /** Turns the data of an older version into the current shape; throw if it cannot. */
  migrate?: (data: unknown, fromVersion: number) => unknown
  clock?: () => Date
  /** The atomic write (write-file-atomic); tests pass one that fails like Windows does under an antivirus. */
  writeFile?: (path: string, text: string) => Promise<void>
}

/** Antivirus and indexers hold new files briefly on Windows: these errors are retried a few times. */
const TRANSIENT = new Set(['EPERM', 'EBUSY'])
const RETRY_DELAYS_MS = [20, 50, 100, 200, 400]

export type ReadResult<T> =
  | { status: 'missing' }
  | { status: 'ok'; value: T; migratedFrom?: number }
  | { status: 'corrupt'; movedTo: string; reason: string }
  /** Written by a newer version of the app: kept where it is, never overwritten (writes are refused). */
  | { status: 'newer'; version: number; reason: string }

export class JsonFile<T> {
  private newer: number | null = null

  constructor(private readonly options: JsonFileOptions<T>) {}

  get path(): string {
    return this.options.path
  }

  async read(): Promise<ReadResult<T>> {
    let text: string
    try {
      text = await readFile(this.options.path, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' }
      throw e
    }
    try {
      const raw = JSON.parse(text) as { schemaVersion?: unknown; data?: unknown }
      const version = raw.schemaVersion
      if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
        throw new Error('the file has no schema version')
      }
      if (version > this.options.version) {
        this.newer = version
        return {
          status: 'newer',
          version,
          reason: `${this.options.path} is from a newer version of JobQueue Desktop (schema ${version}); it is kept as it is. Update the app to use it.`
        }
      }
      let data = raw.data
      if (version < this.options.version) {
        if (!this.options.migrate) throw new Error(`schema ${version} cannot be upgraded`)
        data = this.options.migrate(data, version)
      }
      const parsed = this.options.schema.safeParse(data)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw new Error(`${issue?.path.join('.') || 'data'}: ${issue?.message ?? 'invalid'}`)
      }
      return version < this.options.version
        ? { status: 'ok', value: parsed.data, migratedFrom: version }
        : { status: 'ok', value: parsed.data }
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e)
      const movedTo = await this.moveAside()
      return { status: 'corrupt', movedTo, reason }
    }
  }

  async write(value: T): Promise<void> {
    if (this.newer !== null) {
      throw new Error(`${this.options.path} is from a newer version of JobQueue Desktop; it was not overwritten.`)
    }
    const checked = this.options.schema.parse(value)
    const text = JSON.stringify({ schemaVersion: this.options.version, data: checked }, null, 2) + '\n'
    const write = this.options.writeFile ?? ((p: string, t: string) => writeFileAtomic(p, t, { fsync: true }))
    for (let attempt = 0; ; attempt++) {
      try {
        return await write(this.options.path, text)
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? ''
        if (!TRANSIENT.has(code) || attempt >= RETRY_DELAYS_MS.length) throw e
        await sleep(RETRY_DELAYS_MS[attempt])
      }
    }
  }

  private async moveAside(): Promise<string> {
    const stamp = (this.options.clock ?? (() => new Date()))().toISOString().replace(/[:.]/g, '-')
    const target = `${this.options.path}.corrupt-${stamp}`
    await rename(this.options.path, target)
    return target
  }
}
