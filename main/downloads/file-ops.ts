import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { sleep, systemClock } from '../clock'
import { FileInUseError } from './errors'

/** One `.part` file open for writing. */
export interface PartWriter {
  write(chunks: readonly Buffer[]): Promise<void>
  /** Flushes to the disk (fsync). */
  sync(): Promise<void>
  close(): Promise<void>
}

/**
 * The file system calls the engine makes, injectable so tests can make a disk fail (ENOSPC, EACCES)
 * without mocking the engine. The default is `nodeFileOps`.
 */
export interface FileOps {
  /** Size of a file, or null when there is none. */
  size(path: string): Promise<number | null>
  /** Opens `path` for writing at `offset`: the file is created if needed and cut to `offset`. */
  openPart(path: string, offset: number): Promise<PartWriter>
  ensureDir(dir: string): Promise<void>
  /** Names in a folder; empty when it does not exist. */
  list(dir: string): Promise<string[]>
  /** Replaces `to` atomically. */
  rename(from: string, to: string): Promise<void>
  remove(path: string): Promise<void>
  /** Makes a rename in `dir` durable (POSIX; a no-op where directories cannot be opened). */
  syncDir(dir: string): Promise<void>
}

class NodePartWriter implements PartWriter {
  constructor(private readonly handle: FileHandle) {}

  async write(chunks: readonly Buffer[]): Promise<void> {
    let pending = chunks.filter((c) => c.length > 0)
    while (pending.length > 0) {
      const { bytesWritten } = await this.handle.writev(pending)
      pending = dropWritten(pending, bytesWritten)
    }
  }

  sync(): Promise<void> {
    // Data and size, which is all a later read needs (fdatasync).
    return this.handle.datasync()
  }

  close(): Promise<void> {
    return this.handle.close()
  }
}

function dropWritten(chunks: Buffer[], written: number): Buffer[] {
  const rest: Buffer[] = []
  let left = written
  for (const c of chunks) {
    if (left >= c.length) left -= c.length
    else {
      rest.push(left > 0 ? c.subarray(left) : c)
      left = 0
    }
  }
  return rest
}

/** The plain Node calls, with no waiting for locked files. */
export const directFileOps: FileOps = {
  async size(path) {
    try {
      const s = await stat(path)
      return s.isFile() ? s.size : null
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
  },
  async openPart(path, offset) {
    await mkdir(dirname(path), { recursive: true })
    const handle = await open(path, 'a')
    try {
      const { size } = await handle.stat()
      if (size < offset) throw new Error(`${path} holds ${size} bytes, fewer than the ${offset} to resume from`)
      await handle.truncate(offset)
    } catch (e) {
      await handle.close()
      throw e
    }
    return new NodePartWriter(handle)
  },
  async ensureDir(dir) {
    await mkdir(dir, { recursive: true })
  },
  async list(dir) {
    try {
      return await readdir(dir)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return []
      throw e
    }
  },
  rename,
  async remove(path) {
    await rm(path, { force: true })
  },
  async syncDir(dir) {
    if (process.platform === 'win32') return
    let handle: FileHandle | undefined
    try {
      handle = await open(dir, 'r')
      await handle.sync()
    } catch {
      // Best effort: some file systems refuse fsync on a directory.
    } finally {
      await handle?.close()
    }
  }
}

/** How long a rename waits for another program to let go of a file. */
export interface LockRetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  /** Wait after the first failure; doubles each time. */
  baseDelayMs: number
}

/** About 3 s in all: long enough for a virus scan of a fresh file, short enough not to stall the batch. */
export const defaultLockRetry: LockRetryPolicy = { attempts: 6, baseDelayMs: 100 }

/** What Windows answers while another program (antivirus, Excel, an indexer) holds the file open. */
const LOCKED_CODES = new Set(['EBUSY', 'EPERM', 'EACCES'])

/**
 * `ops` with a rename that waits out a brief lock: EBUSY, EPERM or EACCES are retried with a doubling
 * wait, then reported as a FileInUseError. Renaming onto an existing file is also how an overwrite happens.
 */
export function lockTolerant(
  ops: FileOps,
  policy: LockRetryPolicy = defaultLockRetry,
  wait: (ms: number) => Promise<void> = (ms) => sleep(systemClock, ms)
): FileOps {
  return {
    size: (path) => ops.size(path),
    openPart: (path, offset) => ops.openPart(path, offset),
    ensureDir: (dir) => ops.ensureDir(dir),
    list: (dir) => ops.list(dir),
    remove: (path) => ops.remove(path),
    syncDir: (dir) => ops.syncDir(dir),
    async rename(from, to) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await ops.rename(from, to)
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code ?? ''
          if (!LOCKED_CODES.has(code)) throw e
          if (attempt >= policy.attempts) throw new FileInUseError(to, code, attempt, e)
          await wait(policy.baseDelayMs * 2 ** (attempt - 1))
        }
      }
    }
  }
}

/** What the engine uses unless a test injects its own: Node's calls, with renames that wait out a lock. */
export const nodeFileOps: FileOps = lockTolerant(directFileOps)
