import path from 'node:path'
import type { DownloadBatch, DownloadItem, PreviewEntry } from '../../common/downloads'
import { AppError } from '../../common/errors'
import type { FileOps } from './file-ops'
import { layOut, numberedName, type PlannedFile } from './plan'
import { isLive } from './progress'
import { collisionKey } from './sanitize'
import type { OutputSource } from './source'
import { say } from './wording'

const PART = '.part'

/**
 * Where each file goes: the batch's destination, a path no other live item holds, and what to do about a
 * file already there (the batch's collision mode).
 */
export class TargetResolver {
  constructor(
    private readonly files: FileOps,
    /** Every item in the list; live ones hold their target paths. */
    private readonly items: () => Iterable<DownloadItem>
  ) {}

  /** The folder a batch goes to: the one asked for, else the one used last for the connection. */
  destination(requested: string | undefined, remembered: string | null): string {
    const d = requested ?? remembered
    if (!d) throw new AppError('Validation', say.noDestination)
    if (!path.isAbsolute(d)) throw new AppError('Validation', say.notAbsolute(d))
    return path.resolve(d)
  }

  /** Target paths for a batch's files, clear of every live item's. */
  layOut(destination: string, levels: readonly string[], files: readonly PlannedFile[]) {
    return layOut(destination, levels, files, this.claimedKeys())
  }

  /** The laid-out paths, each marked when a file is already there. */
  async withExisting(planned: Omit<PreviewEntry, 'exists'>[]): Promise<PreviewEntry[]> {
    return Promise.all(planned.map(async (p) => ({ ...p, exists: (await this.existing(p.targetPath)) !== null })))
  }

  /**
   * Applies the batch's collision mode once, before the first byte: overwrite keeps the path; rename picks
   * `name (n).ext`; skip-same-size asks the server for the size and skips when it matches (else renames,
   * so a different file already there is never destroyed). Updates the item; returns true when it is skipped.
   */
  async settle(item: DownloadItem, batch: DownloadBatch, client: OutputSource, signal: AbortSignal): Promise<boolean> {
    const existing = await this.existing(item.targetPath)
    if (existing) {
      if (batch.collision === 'overwrite') {
        // Replace the file that is there, under the name it has (it may differ by case).
        item.targetPath = existing.path
        item.outcome = 'overwritten'
      } else {
        if (batch.collision === 'skip-same-size') {
          const remote = item.totalBytes ?? (await remoteSize(item, client, signal))
          if (remote === existing.size) {
            item.outcome = 'skipped'
            item.targetPath = existing.path
            item.totalBytes = remote
            item.targetSettled = true
            return true
          }
        }
        item.targetPath = await this.freeName(item)
        item.outcome = 'renamed'
      }
      item.relativePath = path.relative(batch.destination, item.targetPath).split(path.sep).join('/')
    }
    item.targetSettled = true
    return false
  }

  /** Keys of target paths that live items hold, so no two items ever write the same file. */
  private claimedKeys(except?: string): Set<string> {
    const keys = new Set<string>()
    for (const i of this.items()) if (i.id !== except && isLive(i.state)) keys.add(collisionKey(i.targetPath))
    return keys
  }

  /** The file already at `target`, matched without regard to case (as Windows does), with its size. */
  private async existing(target: string): Promise<{ path: string; size: number } | null> {
    const key = collisionKey(path.basename(target))
    const dir = path.dirname(target)
    for (const name of await this.files.list(dir)) {
      if (collisionKey(name) !== key) continue
      const size = await this.files.size(path.join(dir, name))
      if (size !== null) return { path: path.join(dir, name), size }
    }
    return null
  }

  private async freeName(item: DownloadItem): Promise<string> {
    const claimed = this.claimedKeys(item.id)
    const dir = path.dirname(item.targetPath)
    const base = path.basename(item.targetPath)
    const present = new Set((await this.files.list(dir)).map((n) => collisionKey(n)))
    for (let n = 2; ; n++) {
      const name = numberedName(base, n)
      const candidate = path.join(dir, name)
      if (
        claimed.has(collisionKey(candidate)) ||
        present.has(collisionKey(name)) ||
        present.has(collisionKey(name + PART))
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
