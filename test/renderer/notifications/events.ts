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
