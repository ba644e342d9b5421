import path from 'node:path'
import type { DownloadBatch, DownloadItem, PreviewEntry } from '../../common/downloads'
import { AppError } from '../../common/errors'
import type { FileOps } from './file-ops'
import { ClaimedNames, numberedName } from './claimed-names'
import { FolderIndex } from './folder-index'
import type { LiveIndex } from './live-index'
import { layOut, type PlannedFile } from './plan'
import { isLive } from './progress'
import type { OutputSource } from './source'
import { say } from './wording'

const PART = '.part'
/** Folders read at a time while a preview looks for files already there. */
const LOOKUPS = 16
/**
 * How long settling reuses a folder's listing: 52,000 files into one folder must not list it 52,000 times. The
 * listing only finds names equal but for case; the name itself is always looked up on disk, so a file that
 * appeared since is never written over.
 */
const LISTING_REUSE_MS = 1_000

/**
 * Where each file goes: the batch's destination, a path no other live item holds, and what to do about a
 * file already there (the batch's collision mode).
 */
export class TargetResolver {
  /** What settling has read of the target folders, reused for a second. */
  private readonly onDisk: FolderIndex

  constructor(
    private readonly files: FileOps,
    /** Every item in the list; live ones hold their target paths. */
    private readonly items: () => Iterable<DownloadItem>,
    /** The same, indexed; every change of an item's target path goes through it. */
    private readonly live: LiveIndex,
    now: () => number = Date.now
  ) {
    this.onDisk = new FolderIndex((dir) => this.files.list(dir), undefined, { maxAgeMs: LISTING_REUSE_MS, now })
  }

  /** The folder a batch goes to: the one asked for, else the one used last for the connection. */
  destination(requested: string | undefined, remembered: string | null): string {
    const d = requested ?? remembered
    if (!d) throw new AppError('Validation', say.noDestination)
    if (!path.isAbsolute(d)) throw new AppError('Validation', say.notAbsolute(d))
    return path.resolve(d)
  }

  /** Target paths for a batch's files, clear of every live item's. */
  layOut(destination: string, levels: readonly string[], files: readonly PlannedFile[]) {
    return layOut(destination, levels, files, this.claimed())
  }

  /**
   * The laid-out paths, each marked when a file is already there: each folder under `destination` read once.
   * Marks the entries given (no copy of 50,000 entries) and returns them.
   */
  async withExisting(destination: string, planned: Omit<PreviewEntry, 'exists'>[]): Promise<PreviewEntry[]> {
    const index = new FolderIndex((dir) => this.files.list(dir), destination)
    const out = planned as PreviewEntry[]
    let next = 0
    const lookUp = async () => {
      for (let i = next++; i < out.length; i = next++) {
        const p = out[i] as PreviewEntry
        p.exists = (await this.existing(p.targetPath, index)) !== null
      }
    }
    await Promise.all(Array.from({ length: LOOKUPS }, lookUp))
    return out
  }

  /**
   * Applies the batch's collision mode once, before the first byte: overwrite keeps the path; rename picks
   * `name (n).ext`; skip-same-size asks the server for the size and skips when it matches (else renames,
   * so a different file already there is never destroyed). Updates the item; returns true when it is skipped.
   */
  async settle(item: DownloadItem, batch: DownloadBatch, client: OutputSource, signal: AbortSignal): Promise<boolean> {
    const existing = await this.existingNow(item.targetPath)
    if (existing) {
      if (batch.collision === 'overwrite') {
        // Replace the file that is there, under the name it has (it may differ by case).
        this.live.retarget(item, existing.path)
        item.outcome = 'overwritten'
      } else {
        if (batch.collision === 'skip-same-size') {
          const remote = item.totalBytes ?? (await remoteSize(item, client, signal))
          if (remote === existing.size) {
            item.outcome = 'skipped'
            this.live.retarget(item, existing.path)
            item.totalBytes = remote
            item.targetSettled = true
            return true
          }
        }
        this.live.retarget(item, await this.freeName(item))
        item.outcome = 'renamed'
      }
      item.relativePath = path.relative(batch.destination, item.targetPath).split(path.sep).join('/')
    }
    item.targetSettled = true
    return false
  }

  /** Notes a file the engine has just put in place, so that settling sees it before its folder is read again. */
  placed(target: string): Promise<void> {
    return this.onDisk.add(path.dirname(target), path.basename(target))
  }

  /** Target paths that live items hold, so no two items ever write the same file. */
  private claimed(): ClaimedNames {
    const paths: string[] = []
    for (const i of this.items()) if (isLive(i.state)) paths.push(i.targetPath)
    return new ClaimedNames(paths)
  }

  /** The file already at `target`, matched without regard to case (as Windows does), with its size. */
  private async existing(target: string, index: FolderIndex): Promise<{ path: string; size: number } | null> {
    const dir = path.dirname(target)
    for (const name of await index.matches(dir, path.basename(target))) {
      const size = await this.files.size(path.join(dir, name))
      if (size !== null) return { path: path.join(dir, name), size }
    }
    return null
  }

  /** The file at `target` now: the name itself from the disk, names equal but for case from a recent listing. */
  private async existingNow(target: string): Promise<{ path: string; size: number } | null> {
    const size = await this.files.size(target)
    if (size !== null) return { path: target, size }
    return this.existing(target, this.onDisk)
  }

  private async freeName(item: DownloadItem): Promise<string> {
    const dir = path.dirname(item.targetPath)
    const base = path.basename(item.targetPath)
    for (let n = 2; ; n++) {
      const name = numberedName(base, n)
      const candidate = path.join(dir, name)
      if (
        this.live.claimed(candidate, item) ||
        (await this.onDisk.has(dir, name)) ||
        (await this.onDisk.has(dir, name + PART)) ||
        (await this.files.size(candidate)) !== null ||
        (await this.files.size(candidate + PART)) !== null
      )
        continue
      return candidate
    }
  }
}

async function remoteSize(item: DownloadItem, client: OutputSource, signal: AbortSignal): Promise<number | null> {
  const res = await client.openOutput(item.jobId, item.fileName, { signal })
  res.stream.on('error', () => {})
  res.stream.destroy()
  return res.totalBytes ?? res.contentLength
}
