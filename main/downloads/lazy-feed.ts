import type PQueue from 'p-queue'

/** Tasks handed to the pool ahead of those running: the rest wait as ids. */
const AHEAD = 16

/**
 * Hands ids to the transfer pool a few at a time, in the order they came. A batch of 50,000 queued items would
 * otherwise put 50,000 tasks (each a closure and promises, about 1 KB) into the pool at once.
 */
export class LazyFeed {
  private waiting: string[] = []
  private at = 0

  constructor(
    private readonly queue: PQueue,
    private readonly run: (id: string) => Promise<void>
  ) {
    queue.on('next', () => this.pump())
  }

  /** Ids not yet handed to the pool. */
  get size(): number {
    return this.waiting.length - this.at
  }

  push(id: string): void {
    this.waiting.push(id)
    this.pump()
  }

  /** Forgets every id not yet handed to the pool. */
  clear(): void {
    this.waiting = []
    this.at = 0
  }

  private pump(): void {
    while (this.at < this.waiting.length && this.queue.size < AHEAD) {
      const id = this.waiting[this.at++] as string
      this.queue.add(() => this.run(id)).catch(() => {})
    }
    if (this.at === this.waiting.length) this.clear()
    else if (this.at > 1024 && this.at * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.at)
      this.at = 0
    }
  }
}
