import path from 'node:path'
import type { DownloadItem } from '../../common/downloads'
import type { PartJournal } from './part-journal'
import { sleep, type Clock } from '../clock'
import type { BandwidthLimiter } from './bandwidth'
import { backoffDelay, classify, type BackoffPolicy } from './errors'
import type { FileOps } from './file-ops'
import type { OutputSource } from './source'
import { transferOnce, type TransferStart } from './transfer'
import { say } from './wording'

export const PART = '.part'

/** Why an item failed, in the words it is shown with. */
export class ItemFailure extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

export interface ItemRunnerDeps {
  files: FileOps
  limiter: BandwidthLimiter
  clock: Clock
  random: () => number
  backoff: BackoffPolicy
  /** The item's bytes, size or error changed. */
  changed(item: DownloadItem): void
  /** A transfer (first or again) has its response: offset, size and validator are known. */
  started(item: DownloadItem, start: TransferStart): void
  /** The item waits until `at` before trying again; `undefined` when the wait is over. */
  retrying(item: DownloadItem, at: string | undefined): void
  /** Marks the verified part before it is renamed into place (the Mark of the Web on Windows). */
  markDownloaded?: (file: string) => Promise<void>
  /** The parts this engine created: no other `.part` is ever resumed, renamed or removed. */
  journal: PartJournal
}

/** Moves one item's bytes into `<target>.part`, retrying transient failures with backoff, and puts it in place. */
export class ItemRunner {
  constructor(private readonly deps: ItemRunnerDeps) {}

  /** Transfers until the part is complete and verified; throws ItemFailure when it gives up. */
  async transfer(item: DownloadItem, client: OutputSource, signal: AbortSignal): Promise<void> {
    const { files, limiter, backoff } = this.deps
    await files.ensureDir(path.dirname(item.targetPath))
    for (;;) {
      try {
        await transferOnce(
          { source: client, files, limiter },
          {
            jobId: item.jobId,
            fileName: item.fileName,
            partPath: item.targetPath + PART,
            partOwned: this.owns(item),
            recordPart: () => this.deps.journal.record(item.targetPath + PART),
            validator: item.validator,
            totalBytes: item.totalBytes
          },
          {
            onStart: (s) => {
              if (s.restarted) item.restarts++
              item.validator = s.validator
              item.totalBytes = s.totalBytes
              item.bytesDone = s.offset
              this.deps.started(item, s)
            },
            onBytes: (n) => {
              item.bytesDone += n
              this.deps.changed(item)
            }
          },
          signal
        )
        return
      } catch (e) {
        if (signal.aborted) throw e
        const c = classify(e, item.fileName)
        item.attempts++
        if (!c.transient || item.attempts >= backoff.maxAttempts) {
          throw new ItemFailure(c.code, c.message + (c.transient ? say.gaveUp(item.attempts) : ''))
        }
        const delay = backoffDelay(backoff, item.attempts, this.deps.random, c.retryAfterMs)
        this.deps.retrying(item, new Date(this.deps.clock.now().getTime() + delay).toISOString())
        item.error = { code: c.code, message: c.message }
        this.deps.changed(item)
        await sleep(this.deps.clock, delay, signal)
        this.deps.retrying(item, undefined)
        item.error = undefined
      }
    }
  }

  /** Renames the verified part into place and makes the rename durable. */
  async putInPlace(item: DownloadItem): Promise<void> {
    await this.deps.markDownloaded?.(item.targetPath + PART)
    await this.deps.files.rename(item.targetPath + PART, item.targetPath)
    this.deps.journal.forget(item.targetPath + PART)
    await this.deps.files.syncDir(path.dirname(item.targetPath))
  }

  /** The item's part is ours: in the journal, or (stored before there was one) bytes were written to it. */
  owns(item: DownloadItem): boolean {
    return (
      this.deps.journal.has(item.targetPath + PART) ||
      item.bytesDone > 0 ||
      item.validator !== undefined ||
      item.finalizing === true
    )
  }

  /** A previous run verified the part and crashed around the rename: finish what it started. True when in place. */
  async finishInterrupted(item: DownloadItem): Promise<boolean> {
    const { files } = this.deps
    const partSize = this.owns(item) ? await files.size(item.targetPath + PART) : null
    if (partSize !== null && partSize === item.totalBytes) {
      await this.putInPlace(item)
      return true
    }
    return partSize === null && item.totalBytes !== null && (await files.size(item.targetPath)) === item.totalBytes
  }

  /** Gives the disk space of an unfinished part back. */
  async dropPart(item: DownloadItem): Promise<void> {
    if (this.owns(item)) await this.deps.files.remove(item.targetPath + PART).catch(() => {})
    this.deps.journal.forget(item.targetPath + PART)
    item.bytesDone = 0
  }
}
