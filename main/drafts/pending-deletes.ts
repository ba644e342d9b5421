import { randomUUID } from 'node:crypto'
import type { Clock } from '../clock'

/** Deletions that can still be undone: each has a token until its window closes, then `purge` runs. */
export class PendingDeletes {
  private readonly pending = new Map<string, { id: string; cancel: () => void }>()

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly purge: (id: string) => Promise<void>
  ) {}

  add(id: string): { token: string; expiresAt: string } {
    const token = randomUUID()
    const cancel = this.clock.setTimeout(
      () => {
        this.pending.delete(token)
        void this.purge(id)
      },
      this.windowMs,
      { unref: true }
    )
    this.pending.set(token, { id, cancel })
    return { token, expiresAt: new Date(this.clock.now().getTime() + this.windowMs).toISOString() }
  }

  /** The draft id for a token still in its window (the window is closed now), or null. */
  take(token: string): string | null {
    const p = this.pending.get(token)
    if (!p) return null
    p.cancel()
    this.pending.delete(token)
    return p.id
  }

  /** Purges every pending deletion now. */
  async purgeAll(): Promise<void> {
    for (const [token, p] of this.pending) {
      p.cancel()
      await this.purge(p.id)
      this.pending.delete(token)
    }
  }
}
