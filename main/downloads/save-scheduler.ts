import { performance } from 'node:perf_hooks'
import type { Clock } from '../clock'

const SAVE_DELAY_MS = 250
const SAVE_EVERY_MS = 2_000
/** A scheduled write waits at least this many times as long as the last write took: at most a tenth of the time. */
const PACE = 10

/**
 * When the queue file is written besides the awaited writes: within SAVE_DELAY_MS of a change (bursts
 * coalesce), and every SAVE_EVERY_MS while transfers run. Used where a lost write only costs a little
 * repeated work after a crash; writes that order against the file system are awaited instead.
 * A large queue takes long to write (50,000 items: about 300 ms), so these writes are spaced out to match.
 */
export class SaveScheduler {
  private cancel: (() => void) | undefined
  private lastSave = Number.NEGATIVE_INFINITY
  private lastCost = 0
  private closed = false

  constructor(
    private readonly save: () => Promise<void>,
    private readonly clock: Clock,
    private readonly now: () => number = () => performance.now()
  ) {}

  /** How long the next scheduled write waits after the last one. */
  get spacingMs(): number {
    return this.lastCost * PACE
  }

  soon(): void {
    if (this.cancel || this.closed) return
    const wait = Math.max(SAVE_DELAY_MS, this.lastSave + this.spacingMs - this.now())
    this.cancel = this.clock.setTimeout(() => {
      this.cancel = undefined
      this.write()
    }, wait)
  }

  /** Called on each progress tick (`now` from performance.now()): saves every few seconds while items are active. */
  tick(now: number, active: number): void {
    if (active === 0 || now - this.lastSave <= Math.max(SAVE_EVERY_MS, this.spacingMs)) return
    this.write()
  }

  private write(): void {
    const started = this.now()
    this.lastSave = started
    this.save()
      .then(() => (this.lastCost = this.now() - started))
      .catch(() => {})
  }

  close(): void {
    this.closed = true
    this.cancel?.()
    this.cancel = undefined
  }
}
