import { finishedTitle, finishedTone } from '../../../common/notification-words'
import type { FinishedJobEvent } from '../../../common/queue'

/** The one grouped notification shown now: the jobs it counts, its words and its tone. */
export interface FinishedGroup {
  id: number
  events: FinishedJobEvent[]
  title: string
  tone: 'success' | 'warn' | 'error'
}

export interface GrouperOptions {
  now: () => number
  /** Returns the function that cancels the timer. */
  setTimeout: (callback: () => void, ms: number) => () => void
  /** What to show now; null hides it. */
  show: (group: FinishedGroup | null) => void
  /** An event this soon after the group's last joins it (5 s). */
  windowMs?: number
  /** How long a group stays after its last event: 6 s, 15 s when a job failed. */
  lifeMs?: (tone: FinishedGroup['tone']) => number
}

const defaultLife = (tone: FinishedGroup['tone']) => (tone === 'error' ? 15_000 : 6_000)

/**
 * Job-finished events arriving close together become one notification ("3 jobs finished, 1 failed") that
 * updates in place and dismisses itself a few seconds after the last one. Plain TypeScript: timers injected.
 */
export class FinishedGrouper {
  private group: FinishedGroup | null = null
  private lastAt = -Infinity
  private nextId = 1
  private cancelLife: (() => void) | null = null

  constructor(private readonly options: GrouperOptions) {}

  add(event: FinishedJobEvent): void {
    const now = this.options.now()
    const joins = this.group !== null && now - this.lastAt <= (this.options.windowMs ?? 5_000)
    const events = joins && this.group ? [...this.group.events, event] : [event]
    this.group = {
      id: joins && this.group ? this.group.id : this.nextId++,
      events,
      title: finishedTitle(events),
      tone: finishedTone(events)
    }
    this.lastAt = now
    this.options.show(this.group)
    this.cancelLife?.()
    this.cancelLife = this.options.setTimeout(
      () => this.dismiss(),
      (this.options.lifeMs ?? defaultLife)(this.group.tone)
    )
  }

  /** Hides the group now (the user closed it, or its time is up); the next event starts a new one. */
  dismiss(): void {
    this.cancelLife?.()
    this.cancelLife = null
    this.group = null
    this.options.show(null)
  }
}
