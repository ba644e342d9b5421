import type { BatchProgress, DownloadBatch, DownloadItem, ItemProgress, ProgressEvent } from '../../common/downloads'
import type { Clock } from '../clock'
import { countStates, eta, SpeedMeter, sumBytes } from './progress'

/** What the reporter reads from the engine. */
export interface ProgressSource {
  items(): Iterable<DownloadItem>
  item(id: string): DownloadItem | undefined
  batches(): readonly DownloadBatch[]
  batchItems(batchId: string): DownloadItem[]
  /** The item's speed meter and retry time while the engine holds it. */
  runtime(itemId: string): { meter: SpeedMeter; retryAt?: string } | undefined
}

export interface ProgressReporterOptions {
  clock: Clock
  /** Events at most this often (default 100 ms: ≤ 10 per second). */
  intervalMs?: number
  onProgress?: (event: ProgressEvent) => void
  /** After each tick that sent an event, with the time and how many items are active. */
  afterTick?: (now: number, active: number) => void
}

/** Collects what changed and sends it as one throttled delta event per tick, while anything changes or runs. */
export class ProgressReporter {
  private readonly dirtyItems = new Set<string>()
  private readonly dirtyBatches = new Set<string>()
  private readonly removedItems = new Set<string>()
  private readonly removedBatches = new Set<string>()
  private readonly finishedBatches = new Set<string>()
  private readonly totalMeter = new SpeedMeter()
  private readonly batchMeters = new Map<string, SpeedMeter>()
  private cancelTick: (() => void) | undefined
  private closed = false

  constructor(
    private readonly source: ProgressSource,
    private readonly options: ProgressReporterOptions
  ) {}

  changed(item: DownloadItem): void {
    this.dirtyItems.add(item.id)
    this.dirtyBatches.add(item.batchId)
    this.start()
  }

  itemRemoved(id: string): void {
    this.dirtyItems.delete(id)
    this.removedItems.add(id)
  }

  batchRemoved(id: string): void {
    this.removedBatches.add(id)
    this.batchMeters.delete(id)
    this.dirtyBatches.delete(id)
  }

  batchFinished(id: string): void {
    this.finishedBatches.add(id)
  }

  /** Starts ticking (no-op while it does, after close, or with nobody listening). */
  start(): void {
    if (this.cancelTick || this.closed || !this.options.onProgress) return
    this.cancelTick = this.options.clock.setTimeout(
      () => {
        this.cancelTick = undefined
        if (this.tick()) this.start()
      },
      this.options.intervalMs ?? 100,
      { unref: true }
    )
  }

  /** Sends what changed now, without waiting for the next tick. */
  flush(): void {
    this.cancelTick?.()
    this.cancelTick = undefined
    if (this.tick()) this.start()
  }

  close(): void {
    this.closed = true
    this.cancelTick?.()
    this.cancelTick = undefined
  }

  itemProgress(item: DownloadItem): ItemProgress {
    const rt = this.source.runtime(item.id)
    const speed = item.state === 'active' ? (rt?.meter.speed ?? 0) : 0
    const remaining = item.totalBytes === null ? null : item.totalBytes - item.bytesDone
    return {
      id: item.id,
      batchId: item.batchId,
      state: item.state,
      targetPath: item.targetPath,
      bytesDone: item.bytesDone,
      totalBytes: item.totalBytes,
      speed,
      eta: item.state === 'active' ? eta(remaining, speed) : null,
      ...(item.pauseReason ? { pauseReason: item.pauseReason } : {}),
      ...(item.outcome ? { outcome: item.outcome } : {}),
      ...(item.error ? { error: item.error } : {}),
      ...(rt?.retryAt ? { retryAt: rt.retryAt } : {})
    }
  }

  batchProgress(batchId: string, now: number, sample: boolean): BatchProgress {
    const items = this.source.batchItems(batchId)
    const bytes = sumBytes(items)
    let meter = this.batchMeters.get(batchId)
    if (!meter) {
      meter = new SpeedMeter()
      this.batchMeters.set(batchId, meter)
    }
    const counts = countStates(items)
    const speed = counts.active === 0 ? 0 : sample ? meter.sample(bytes.bytesDone, now) : meter.speed
    const remaining = bytes.estimatedTotal === null ? null : bytes.estimatedTotal - bytes.bytesDone
    return {
      id: batchId,
      bytesDone: bytes.bytesDone,
      totalBytes: bytes.totalBytes,
      speed,
      eta: counts.active ? eta(remaining, speed) : null,
      counts
    }
  }

  /** Sends what changed since the last tick; false when nothing changed and nothing runs (ticking stops). */
  private tick(): boolean {
    const now = performance.now()
    let active = 0
    for (const item of this.source.items()) {
      if (item.state !== 'active') continue
      active++
      this.source.runtime(item.id)?.meter.sample(item.bytesDone, now)
      this.dirtyItems.add(item.id)
      this.dirtyBatches.add(item.batchId)
    }
    const nothing =
      this.dirtyItems.size +
        this.dirtyBatches.size +
        this.removedItems.size +
        this.removedBatches.size +
        this.finishedBatches.size ===
      0
    if (nothing) return active > 0
    const event = this.event(now, active)
    this.dirtyItems.clear()
    this.dirtyBatches.clear()
    this.removedItems.clear()
    this.removedBatches.clear()
    this.finishedBatches.clear()
    this.options.afterTick?.(now, active)
    this.options.onProgress?.(event)
    return true
  }

  private event(now: number, active: number): ProgressEvent {
    const all = [...this.source.items()]
    const batches = this.source.batches()
    const totalBytes = sumBytes(all)
    const totalSpeed = active === 0 ? 0 : this.totalMeter.sample(totalBytes.bytesDone, now)
    return {
      items: [...this.dirtyItems].flatMap((id) => {
        const item = this.source.item(id)
        return item ? [this.itemProgress(item)] : []
      }),
      batches: [...this.dirtyBatches].flatMap((id) =>
        batches.some((b) => b.id === id) ? [this.batchProgress(id, now, true)] : []
      ),
      removedItems: [...this.removedItems],
      removedBatches: [...this.removedBatches],
      total: {
        bytesDone: totalBytes.bytesDone,
        totalBytes: totalBytes.totalBytes,
        speed: totalSpeed,
        eta:
          active === 0 || totalBytes.estimatedTotal === null
            ? null
            : eta(totalBytes.estimatedTotal - totalBytes.bytesDone, totalSpeed),
        counts: countStates(all)
      },
      finishedBatches: [...this.finishedBatches].flatMap((id) => {
        const b = batches.find((x) => x.id === id)
        return b ? [{ id, destination: b.destination, counts: countStates(this.source.batchItems(id)) }] : []
      })
    }
  }
}
