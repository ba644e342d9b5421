import type { DownloadItem, ItemCounts, ItemState } from '../../common/downloads'

/** Speed is measured over this much recent time, so bursty chunks read as a steady rate. */
const WINDOW_MS = 3_000

/** Bytes per second over a sliding window of samples taken at each progress tick. */
export class SpeedMeter {
  private samples: { bytes: number; at: number }[] = []
  private value = 0

  get speed(): number {
    return this.value
  }

  sample(bytes: number, at: number): number {
    this.samples.push({ bytes, at })
    while (this.samples.length > 2 && at - (this.samples[1]?.at ?? at) >= WINDOW_MS) this.samples.shift()
    const first = this.samples[0]
    this.value = first && at > first.at ? Math.max(0, ((bytes - first.bytes) * 1000) / (at - first.at)) : 0
    return this.value
  }

  reset(): void {
    this.samples = []
    this.value = 0
  }
}

export function eta(remaining: number | null, speed: number): number | null {
  if (remaining === null) return null
  if (remaining <= 0) return 0
  return speed > 0 ? Math.round(remaining / speed) : null
}

export function emptyCounts(): ItemCounts {
  return { total: 0, queued: 0, active: 0, paused: 0, done: 0, failed: 0, cancelled: 0 }
}

export function countStates(items: Iterable<{ state: ItemState }>): ItemCounts {
  const c = emptyCounts()
  for (const i of items) {
    c.total++
    c[i.state]++
  }
  return c
}

/** Bytes done and to do for a set of items; sizes not known yet are estimated from the known ones. */
export function sumBytes(items: readonly DownloadItem[]): {
  bytesDone: number
  totalBytes: number | null
  estimatedTotal: number | null
} {
  let done = 0
  let known = 0
  let knownCount = 0
  let unknown = 0
  for (const i of items) {
    if (i.state === 'cancelled') continue
    done += i.bytesDone
    if (i.totalBytes !== null) {
      known += i.totalBytes
      knownCount++
    } else unknown++
  }
  const estimatedTotal = unknown === 0 ? known : knownCount > 0 ? known + (known / knownCount) * unknown : null
  return { bytesDone: done, totalBytes: unknown === 0 ? known : null, estimatedTotal }
}

export function isLive(state: ItemState): boolean {
  return state === 'queued' || state === 'active' || state === 'paused'
}
