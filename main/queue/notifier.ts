import type { Job } from '../../common/domain'
import { finishedTitle } from '../../common/notification-words'
import type { FinishedJobEvent, JobOutcome, NotificationSettings } from '../../common/queue'
import { jobStatusLabel } from '../../common/status-words'
import type { Clock } from '../clock'

/** Whether a finished job notifies under the user's choice: their own, every one, or none. */
export function notifies(settings: NotificationSettings, mine: boolean): boolean {
  return settings.jobs === 'all' || (settings.jobs === 'mine' && mine)
}

const outcomes: Partial<Record<Job['status'], JobOutcome>> = {
  Succeeded: 'succeeded',
  Failed: 'failed',
  Cancelled: 'cancelled'
}

export interface JobNotifierOptions {
  settings: () => Promise<NotificationSettings>
  /** Tells the window (the notification centre and its grouped toast). */
  emit: (event: FinishedJobEvent) => void
  /** A system notification, or null where there is none (the browser host). */
  native: ((n: { title: string; body: string; jobId: string | null }) => void) | null
  clock: Clock
  /** Jobs finishing within this time make one system notification (2 s). */
  groupMs?: number
}

/**
 * Decides which finished jobs notify and tells the window about each; system notifications, when chosen, are
 * grouped: jobs finishing close together raise one ("3 jobs finished, 1 failed").
 */
export class JobNotifier {
  private pending: FinishedJobEvent[] = []
  private flushing = false

  constructor(private readonly options: JobNotifierOptions) {}

  async finished(job: Job, mine: boolean): Promise<void> {
    const outcome = outcomes[job.status]
    if (!outcome) return
    const settings = await this.options.settings()
    if (!notifies(settings, mine)) return
    const native = settings.native && this.options.native !== null
    const now = this.options.clock.now()
    const event: FinishedJobEvent = {
      jobId: job.id,
      name: job.name,
      statusLabel: jobStatusLabel(job, now),
      outcome,
      mine,
      at: now.toISOString(),
      native
    }
    this.options.emit(event)
    if (native) this.queueNative(event)
  }

  private queueNative(event: FinishedJobEvent): void {
    this.pending.push(event)
    if (this.flushing) return
    this.flushing = true
    this.options.clock.setTimeout(() => this.flush(), this.options.groupMs ?? 2_000, { unref: true })
  }

  private flush(): void {
    const events = this.pending
    this.pending = []
    this.flushing = false
    const one = events.length === 1 ? events[0] : undefined
    this.options.native?.({
      title: finishedTitle(events),
      body: one ? 'Click to open the job in JobQueue Desktop.' : 'Click to see them in JobQueue Desktop.',
      jobId: one?.jobId ?? null
    })
  }
}
