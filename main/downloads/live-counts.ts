import type { DownloadItem } from '../../common/downloads'
import { isLive } from './progress'

/** How many items of each batch are still live (queued, active, paused), so "is this batch finished" costs O(1). */
export class LiveCounts {
  private readonly counts = new Map<string, number>()

  add(item: DownloadItem): void {
    if (isLive(item.state)) this.counts.set(item.batchId, this.of(item.batchId) + 1)
  }

  /** Call with the item's state before it changes to `next`. */
  change(item: DownloadItem, next: DownloadItem['state']): void {
    const delta = Number(isLive(next)) - Number(isLive(item.state))
    if (delta !== 0) this.counts.set(item.batchId, this.of(item.batchId) + delta)
  }

  of(batchId: string): number {
    return this.counts.get(batchId) ?? 0
  }
}
