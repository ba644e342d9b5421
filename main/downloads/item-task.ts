import type { DownloadBatch, DownloadItem, ItemState } from '../../common/downloads'
import type { Clock } from '../clock'
import type { BandwidthLimiter } from './bandwidth'
import { classify, type BackoffPolicy } from './errors'
import type { FileOps } from './file-ops'
import { ItemFailure, ItemRunner, PART } from './item-runner'
import type { PartJournal } from './part-journal'
import { SpeedMeter } from './progress'
import type { DownloadClient } from './source'
import type { TargetResolver } from './target-resolver'

export type StopReason = 'pause' | 'cancel' | 'shutdown'

/** What the engine knows about an item beyond what is stored. */
export interface Runtime {
  controller?: AbortController
  stopReason?: StopReason
  /** Resolves when the running task has finished with the item. */
  settled?: Promise<void>
  meter: SpeedMeter
  retryAt?: string
}

export interface ItemTasksDeps {
  clock: Clock
  files: FileOps
  limiter: BandwidthLimiter
  random: () => number
  backoff: BackoffPolicy
  targets: TargetResolver
  /** The engine's state machine: every change of state goes through it. */
  setState: (item: DownloadItem, state: ItemState) => void
  /** The item changed (for progress events). */
  changed(item: DownloadItem): void
  /** Writes the queue now (awaited where order against the file system matters). */
  save(): Promise<void>
  /** Writes the queue soon. */
  saveSoon(): void
  markDownloaded?: (file: string) => Promise<void>
  journal: PartJournal
}

/** Runs items one task each: abort on pause, cancel or shutdown, and turns how a task ended into the item's state. */
export class ItemTasks {
  private readonly runtimes = new Map<string, Runtime>()
  /** Renames into place that run after their transfer has left the pool. */
  private readonly finishing = new Set<Promise<void>>()

  private readonly runner: ItemRunner

  constructor(private readonly deps: ItemTasksDeps) {
    this.runner = new ItemRunner({
      ...deps,
      changed: (item) => deps.changed(item),
      started: (item) => {
        this.rt(item.id).meter.reset()
        deps.changed(item)
        deps.saveSoon()
      },
      retrying: (item, at) => {
        this.rt(item.id).retryAt = at
      }
    })
  }

  /** Removes an unfinished item's part, when it is ours (cancel). */
  dropPart(item: DownloadItem): Promise<void> {
    return this.runner.dropPart(item)
  }

  runtime(id: string): Runtime | undefined {
    return this.runtimes.get(id)
  }

  rt(id: string): Runtime {
    let rt = this.runtimes.get(id)
    if (!rt) {
      rt = { meter: new SpeedMeter() }
      this.runtimes.set(id, rt)
    }
    return rt
  }

  forget(id: string): void {
    this.runtimes.delete(id)
  }

  /** How many renames into place are still running. */
  get finishingCount(): number {
    return this.finishing.size
  }

  whenFinished(): Promise<unknown> {
    return Promise.all([...this.finishing])
  }

  /** Stops a running transfer and waits until its task has let go of the item. */
  async stop(item: DownloadItem, reason: StopReason): Promise<void> {
    const rt = this.runtimes.get(item.id)
    if (!rt?.controller) return
    rt.stopReason = reason
    rt.controller.abort(new Error(reason))
    await rt.settled
  }

  /** Stops every running transfer (they stay queued for the next start) and waits for them and every rename. */
  async stopAll(): Promise<void> {
    const running: Promise<void>[] = []
    for (const rt of this.runtimes.values()) {
      if (rt.controller) {
        rt.stopReason = 'shutdown'
        rt.controller.abort(new Error('shutdown'))
        if (rt.settled) running.push(rt.settled)
      }
    }
    await Promise.all(running)
    await this.whenFinished()
  }

  /** Runs a queued item until it is done, failed, paused, cancelled or queued again. */
  async run(item: DownloadItem, batch: DownloadBatch, client: DownloadClient): Promise<void> {
    const rt = this.rt(item.id)
    const controller = new AbortController()
    let release: () => void = () => {}
    rt.controller = controller
    rt.stopReason = undefined
    rt.settled = new Promise((r) => (release = r))
    rt.meter.reset()
    this.deps.setState(item, 'active')
    const settle = () => {
      rt.controller = undefined
      rt.retryAt = undefined
      this.deps.changed(item)
      this.deps.saveSoon()
      release()
    }
    let finish: (() => Promise<void>) | undefined
    try {
      finish = await this.download(item, batch, client, controller.signal)
    } catch (e) {
      await this.afterFailure(item, rt, e, controller.signal)
    }
    if (!finish) return settle()
    // The verified part is renamed into place outside the pool: the next file's transfer starts meanwhile.
    const finishing = finish()
      .catch((e: unknown) => this.afterFailure(item, rt, e, controller.signal))
      .finally(() => {
        settle()
        this.finishing.delete(finishing)
      })
    this.finishing.add(finishing)
  }

  private async afterFailure(item: DownloadItem, rt: Runtime, e: unknown, signal: AbortSignal): Promise<void> {
    const { setState } = this.deps
    const runner = this.runner
    if (signal.aborted) {
      if (rt.stopReason === 'pause') {
        item.pauseReason = 'user'
        setState(item, 'paused')
      } else if (rt.stopReason === 'cancel') {
        await runner.dropPart(item)
        setState(item, 'cancelled')
      } else {
        setState(item, 'queued')
      }
      return
    }
    const c = e instanceof ItemFailure ? e : classify(e, item.fileName)
    const failure = new ItemFailure(c.code, c.message)
    // A full or read-only disk: give the space back; the part could not be finished anyway.
    if (failure.code === 'Disk') await runner.dropPart(item)
    item.error = { code: failure.code, message: failure.message }
    // The server refused the sign-in: the file waits for the user to sign in again, then goes on from its part.
    if (failure.code === 'Unauthorized') {
      item.pauseReason = 'signIn'
      return setState(item, 'paused')
    }
    item.finishedAt = this.deps.clock.now().toISOString()
    setState(item, 'failed')
  }

  /** Transfers the file into its verified part; returns the step that puts it in place, or nothing when done already. */
  private async download(
    item: DownloadItem,
    batch: DownloadBatch,
    client: DownloadClient,
    signal: AbortSignal
  ): Promise<(() => Promise<void>) | undefined> {
    const { runner } = this
    const { targets } = this.deps
    if (item.finalizing) {
      if (await runner.finishInterrupted(item)) {
        this.complete(item)
        return undefined
      }
      item.finalizing = undefined
    }
    if (!item.targetSettled) {
      if (await targets.settle(item, batch, client, signal)) {
        this.complete(item)
        return undefined
      }
      this.deps.changed(item)
      // A new path must be on disk before its part file is.
      if (item.outcome) await this.deps.save()
    }
    await runner.transfer(item, client, signal)
    return async () => {
      // Recorded before the rename, so a crash between the two is recognised on the next start.
      item.finalizing = true
      await this.deps.journal.markFinalizing(item.targetPath + PART)
      await runner.putInPlace(item)
      await targets.placed(item.targetPath)
      this.complete(item)
    }
  }

  private complete(item: DownloadItem): void {
    item.finalizing = undefined
    item.error = undefined
    item.bytesDone = item.totalBytes ?? item.bytesDone
    item.outcome ??= 'downloaded'
    item.finishedAt = this.deps.clock.now().toISOString()
    this.deps.setState(item, 'done')
  }
}
