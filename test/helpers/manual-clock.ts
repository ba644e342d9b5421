import type { Clock } from '../../main/clock'

/** A clock that moves only when the test says so; its timers run in time order as it passes them. */
export class ManualClock implements Clock {
  private time: number
  private seq = 0
  private readonly timers = new Map<number, { at: number; callback: () => void }>()

  constructor(start: Date | string = '2026-11-28T12:00:00Z') {
    this.time = new Date(start).getTime()
  }

  now(): Date {
    return new Date(this.time)
  }

  setTimeout(callback: () => void, ms: number): () => void {
    const id = ++this.seq
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback })
    return () => this.timers.delete(id)
  }

  /** How many timers wait to run. */
  get pending(): number {
    return this.timers.size
  }

  /** Milliseconds until the next timer is due, or null when none waits. */
  nextIn(): number | null {
    let next: number | null = null
    for (const t of this.timers.values()) if (next === null || t.at < next) next = t.at
    return next === null ? null : next - this.time
  }

  /** Moves time on by `ms`, running every timer due on the way (also ones they set), earliest first. */
  advance(ms: number): void {
    const end = this.time + ms
    for (let due = this.takeDue(end); due; due = this.takeDue(end)) {
      this.time = due.at
      due.callback()
    }
    this.time = end
  }

  /** As advance, letting promises and I/O callbacks settle after each timer, so async work it starts can go on. */
  async advanceAsync(ms: number): Promise<void> {
    const end = this.time + ms
    for (let due = this.takeDue(end); due; due = this.takeDue(end)) {
      this.time = due.at
      due.callback()
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    this.time = end
  }

  private takeDue(end: number): { at: number; callback: () => void } | undefined {
    let id: number | undefined
    let first: { at: number; callback: () => void } | undefined
    for (const [k, t] of this.timers) if (t.at <= end && (!first || t.at < first.at)) [id, first] = [k, t]
    if (id !== undefined) this.timers.delete(id)
    return first
  }
}
