import type { DownloadItem } from '../../common/downloads'
import { isLive } from './progress'
import { collisionKey } from './sanitize'

/**
 * What the live items (queued, active, paused) hold, kept up to date as they change: how many each batch has
 * left, so "is this batch finished" costs O(1), and which target paths they claim (by `collisionKey`), so
 * finding a free name beside a file already there does not go through every item.
 */
export class LiveIndex {
  private readonly counts = new Map<string, number>()
  private readonly claims = new Map<string, number>()

  add(item: DownloadItem): void {
    if (isLive(item.state)) this.count(item, item.targetPath, 1)
  }

  /** Call with the item's state before it changes to `next`. */
  change(item: DownloadItem, next: DownloadItem['state']): void {
    const delta = Number(isLive(next)) - Number(isLive(item.state))
    if (delta !== 0) this.count(item, item.targetPath, delta)
  }

  /** Moves the item to another target path. */
  retarget(item: DownloadItem, targetPath: string): void {
    if (isLive(item.state)) {
      this.claim(item.targetPath, -1)
      this.claim(targetPath, 1)
    }
    item.targetPath = targetPath
  }

  liveIn(batchId: string): number {
    return this.counts.get(batchId) ?? 0
  }

  /** A live item other than `except` holds `target`. */
  claimed(target: string, except?: DownloadItem): boolean {
    const key = collisionKey(target)
    const own = except && isLive(except.state) && collisionKey(except.targetPath) === key ? 1 : 0
    return (this.claims.get(key) ?? 0) - own > 0
  }

  private count(item: DownloadItem, targetPath: string, delta: number): void {
    this.counts.set(item.batchId, (this.counts.get(item.batchId) ?? 0) + delta)
    this.claim(targetPath, delta)
  }

  private claim(targetPath: string, delta: number): void {
    const key = collisionKey(targetPath)
    const n = (this.claims.get(key) ?? 0) + delta
    if (n > 0) this.claims.set(key, n)
    else this.claims.delete(key)
  }
}
