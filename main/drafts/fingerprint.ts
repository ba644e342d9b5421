import { createHash } from 'node:crypto'
import { createReadStream, type Stats } from 'node:fs'
import { stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import type { FileCheck, FileFingerprint } from '../../common/drafts'

/** SHA-256 of a file, read as a stream so memory stays flat whatever the size. */
export async function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash, signal ? { signal } : {})
  return hash.digest('hex')
}

interface Hashed {
  size: number
  mtimeMs: number
  ino: number
  ctimeMs: number
  sha256: string
}

/**
 * Takes and checks file fingerprints (size, modification time, SHA-256).
 * Remembers the hash of each file it has read while its size, times and inode stay the same
 * (the change time moves on every write and cannot be set back), so refreshing twenty drafts
 * on window focus does not re-read gigabytes.
 */
export class FileChecker {
  private readonly hashes = new Map<string, Hashed>()

  constructor(
    private readonly clock: () => Date = () => new Date(),
    /** Whether the user granted this path (main/files); nothing else is ever stat-ed or read. */
    readonly mayTouch: (path: string) => boolean = () => true
  ) {}

  /** The file as it is now; null when it does not exist, cannot be read or is not granted. */
  async fingerprint(path: string): Promise<FileFingerprint | null> {
    if (!this.mayTouch(path)) return null
    const st = await statFile(path)
    if (!st) return null
    const sha256 = await this.hash(path, st)
    if (sha256 === null) return null
    return { size: st.size, mtimeMs: Math.trunc(st.mtimeMs), sha256, recordedAt: this.clock().toISOString() }
  }

  /** Compares a file on disk with what was recorded when it was added. */
  async check(path: string, recorded: FileFingerprint | null): Promise<FileCheck> {
    if (!this.mayTouch(path)) return { status: 'missing' }
    const st = await statFile(path)
    if (!st) return { status: 'missing' }
    if (!recorded) return { status: 'unrecorded' }
    const changed: ('size' | 'mtime' | 'hash')[] = []
    if (st.size !== recorded.size) changed.push('size')
    if (Math.trunc(st.mtimeMs) !== recorded.mtimeMs) changed.push('mtime')
    // A different size already proves a different content; otherwise the hash decides.
    if (recorded.sha256 !== null && !changed.includes('size')) {
      const sha = await this.hash(path, st)
      if (sha === null) return { status: 'unreadable' }
      if (sha !== recorded.sha256) changed.push('hash')
    }
    return changed.length ? { status: 'changed', changed } : { status: 'ok' }
  }

  private async hash(path: string, st: Stats): Promise<string | null> {
    const mtimeMs = Math.trunc(st.mtimeMs)
    const known = this.hashes.get(path)
    const same =
      known &&
      known.size === st.size &&
      known.mtimeMs === mtimeMs &&
      known.ino === st.ino &&
      known.ctimeMs === st.ctimeMs
    if (same) return known.sha256
    try {
      const sha256 = await hashFile(path)
      this.hashes.set(path, { size: st.size, mtimeMs, ino: st.ino, ctimeMs: st.ctimeMs, sha256 })
      return sha256
    } catch {
      return null
    }
  }
}

async function statFile(path: string): Promise<Stats | null> {
  try {
    const st = await stat(path)
    return st.isFile() ? st : null
  } catch {
    return null
  }
}
