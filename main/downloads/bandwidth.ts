import { Transform, type TransformCallback } from 'node:stream'
import { sleep, systemClock } from '../clock'

/**
 * A token bucket shared by every transfer: `take(n)` resolves when n bytes may pass.
 * With no limit set it resolves at once. The rate can change while transfers run.
 */
export class BandwidthLimiter {
  private tokens = 0
  private last: number
  private waiting: Promise<void> = Promise.resolve()

  constructor(
    private bytesPerSecond: number | null,
    private readonly now: () => number = () => performance.now()
  ) {
    this.last = now()
  }

  get limit(): number | null {
    return this.bytesPerSecond
  }

  setLimit(bytesPerSecond: number | null): void {
    this.bytesPerSecond = bytesPerSecond
    this.tokens = 0
    this.last = this.now()
  }

  /** Waits in turn (FIFO), so one fast stream cannot starve the others. */
  take(bytes: number, signal?: AbortSignal): Promise<void> {
    const turn = this.waiting.then(() => this.wait(bytes, signal))
    this.waiting = turn.catch(() => {})
    return turn
  }

  private async wait(bytes: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const rate = this.bytesPerSecond
      if (rate === null) return
      signal?.throwIfAborted()
      const t = this.now()
      // A burst of at most a tenth of a second's worth.
      this.tokens = Math.min(rate / 10 + bytes, this.tokens + ((t - this.last) / 1000) * rate)
      this.last = t
      if (this.tokens >= bytes) {
        this.tokens -= bytes
        return
      }
      await sleep(systemClock, Math.min(100, Math.max(1, ((bytes - this.tokens) / rate) * 1000)), signal)
    }
  }

  /** Undefined when there is no limit (no wait at all); else resolves when `bytes` may pass. */
  pace(bytes: number, signal?: AbortSignal): Promise<void> | undefined {
    return this.bytesPerSecond === null ? undefined : this.take(bytes, signal)
  }

  /** A pass-through stream that lets bytes through at the limiter's pace. */
  stream(signal?: AbortSignal): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, done: TransformCallback) => {
        if (this.bytesPerSecond === null) return done(null, chunk)
        this.take(chunk.length, signal).then(
          () => done(null, chunk),
          (e: unknown) => done(e as Error)
        )
      }
    })
  }
}
