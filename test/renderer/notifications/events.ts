import type { FinishedJobEvent } from '../../../common/queue'

/** A job-finished event as main sends it. */
export function finished(jobId: string, outcome: FinishedJobEvent['outcome'] = 'succeeded'): FinishedJobEvent {
  const words = { succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' }
  return {
    jobId,
    name: `Job ${jobId}`,
    statusLabel: words[outcome],
    outcome,
    mine: true,
    at: '2026-11-28T12:00:00Z',
    native: false
  }
}

/** Time that moves only when the test says; due timers run as it passes them, earliest first. */
export class FakeTime {
  private time = 0
  private timers: { at: number; f: () => void }[] = []

  now(): number {
    return this.time
  }

  setTimeout(f: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, f }
    this.timers.push(timer)
    return () => (this.timers = this.timers.filter((t) => t !== timer))
  }

  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.at - b.at)[0]
      if (!next || next.at > end) break
      this.timers = this.timers.filter((t) => t !== next)
      this.time = next.at
      next.f()
    }
    this.time = end
  }
}
