import type { Clock } from '../clock'

const SAVE_DELAY_MS = 250
const SAVE_EVERY_MS = 2_000

/**
 * When the queue file is written besides the awaited writes: within SAVE_DELAY_MS of a change (bursts
 * coalesce), and every SAVE_EVERY_MS while transfers run. Used where a lost write only costs a little
 * repeated work after a crash; writes that order against the file system are awaited instead.
 */
export class SaveScheduler {
  private cancel: (() => void) | undefined
  private lastSave = 0
  private closed = false

  constructor(
    private readonly save: () => Promise<void>,
    private readonly clock: Clock
  ) {}

  soon(): void {
    if (this.cancel || this.closed) return
    this.cancel = this.clock.setTimeout(() => {
      this.cancel = undefined
      this.save().catch(() => {})
    }, SAVE_DELAY_MS)
  }

  /** Called on each progress tick (`now` from performance.now()): saves every few seconds while items are active. */
  tick(now: number, active: number): void {
    if (active === 0 || now - this.lastSave <= SAVE_EVERY_MS) return
    this.lastSave = now
    this.save().catch(() => {})
  }

  close(): void {
    this.closed = true
    this.cancel?.()
    this.cancel = undefined
  }
}
