import { appendFile, mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { collisionKey } from './sanitize'

/**
 * The `.part` files this engine created, one path per line, appended before each is created: a crash right after
 * the creation still leaves the file known as ours. Only a part in the journal is ever resumed or removed; a file
 * of the same name that somebody else put there is left alone.
 */
export class PartJournal {
  private readonly paths = new Map<string, string>()
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
    for (const line of text.split('\n')) if (line) this.paths.set(collisionKey(line), line)
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

  /** The part was renamed into place or removed. */
  forget(part: string): void {
    this.paths.delete(collisionKey(part))
  }

  /** Rewrites the journal with the parts still known (at start and at close). */
  async compact(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true })
    const lines = [...this.paths.values()]
    await writeFileAtomic(this.file, lines.length ? `${lines.join('\n')}\n` : '')
  }
}
