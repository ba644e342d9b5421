import { appendFile, mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { collisionKey } from './sanitize'

/** A line for a verified part about to be renamed into place. Parts are absolute paths, so none starts with it. */
const FINALIZING = '+'

/**
 * The `.part` files this engine created, one path per line, appended before each is created: a crash right after
 * the creation still leaves the file known as ours. Only a part in the journal is ever resumed or removed; a file
 * of the same name that somebody else put there is left alone.
 * A `+` line marks a verified part whose rename into place has begun: a crash between the rename and the next
 * write of the queue file is then recognised on the next start, without a write of the whole queue per file.
 */
export class PartJournal {
  private readonly paths = new Map<string, string>()
  private readonly finalizing = new Map<string, string>()
  readonly file: string

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'download-parts.journal')
  }

  async load(): Promise<void> {
    let text = ''
    try {
      text = await readFile(this.file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    }
    for (const line of text.split('\n')) {
      if (line.startsWith(FINALIZING)) {
        const part = line.slice(FINALIZING.length)
        this.finalizing.set(collisionKey(part), part)
        this.paths.set(collisionKey(part), part)
      } else if (line) this.paths.set(collisionKey(line), line)
    }
  }

  has(part: string): boolean {
    return this.paths.has(collisionKey(part))
  }

  /** Written to the journal before the part is created. */
  async record(part: string): Promise<void> {
    if (this.has(part)) return
    this.paths.set(collisionKey(part), part)
    await appendFile(this.file, `${part}\n`)
  }

  /** Written before a verified part is renamed into place. */
  async markFinalizing(part: string): Promise<void> {
    this.paths.set(collisionKey(part), part)
    this.finalizing.set(collisionKey(part), part)
    await appendFile(this.file, `${FINALIZING}${part}\n`)
  }

  /** A previous run began to rename this part into place. */
  isFinalizing(part: string): boolean {
    return this.finalizing.has(collisionKey(part))
  }

  /** The part was renamed into place or removed. */
  forget(part: string): void {
    this.paths.delete(collisionKey(part))
    this.finalizing.delete(collisionKey(part))
  }

  /** Rewrites the journal with the parts still known (at start and at close). */
  async compact(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true })
    const lines = [...this.paths].map(([key, part]) => (this.finalizing.has(key) ? FINALIZING + part : part))
    await writeFileAtomic(this.file, lines.length ? `${lines.join('\n')}\n` : '')
  }
}
