import { systemClock, type Clock } from '../clock'

/**
 * Collects changes by key and hands them out at most once per `intervalMs`: the first change goes
 * out at once, later ones are merged (last value per key wins) and go out when the interval has passed.
 * Nothing is lost: `flush()` sends what is pending now.
 */
export class DeltaThrottle<K, V> {
  private pending = new Map<K, V>()
  private removed = new Set<K>()
  private cancel: (() => void) | null = null
  private lastSent = -Infinity

  constructor(
    private readonly send: (changed: V[], removed: K[]) => void,
    private readonly intervalMs = 100,
    private readonly clock: Clock = systemClock
  ) {}

  set(key: K, value: V): void {
    this.removed.delete(key)
    this.pending.set(key, value)
    this.schedule()
  }

  remove(key: K): void {
    this.pending.delete(key)
    this.removed.add(key)
    this.schedule()
  }

  hasPending(): boolean {
    return this.pending.size > 0 || this.removed.size > 0
  }

  /** Sends what is pending, if anything, right now. */
  flush(): void {
    this.dispose()
    if (this.pending.size === 0 && this.removed.size === 0) return
    const changed = [...this.pending.values()]
    const removed = [...this.removed]
    this.pending = new Map()
    this.removed = new Set()
    this.lastSent = this.now()
    this.send(changed, removed)
  }

  dispose(): void {
    this.cancel?.()
    this.cancel = null
  }

  private now(): number {
    return this.clock.now().getTime()
  }

  private schedule(): void {
    if (this.cancel) return
    const wait = this.lastSent + this.intervalMs - this.now()
    if (wait <= 0) {
      this.flush()
      return
    }
    this.cancel = this.clock.setTimeout(
      () => {
        this.cancel = null
        this.flush()
      },
      wait,
      { unref: true }
    )
  }
}
