import type { EffectiveStatus } from '../domain'
import type { HistoryJob } from './history-job'

/** The status the queue would show for a job of the history (common/domain.ts `effectiveStatus`). */
export function historyStatus(job: HistoryJob, now: Date): EffectiveStatus {
  switch (job.status) {
    case 'Succeeded':
      return job.withErrors ? 'CompletedWithErrors' : 'Succeeded'
    case 'Pending': {
      const at = job.scheduled ? Date.parse(job.scheduled) : NaN
      return at > now.getTime() ? 'Scheduled' : 'Pending'
    }
    case 'Running':
    case 'Failed':
    case 'Cancelled':
    case 'Other':
      return job.status
  }
}

/** The order statuses stack in, finished first. */
export const statusOrder: readonly EffectiveStatus[] = [
  'Succeeded',
  'CompletedWithErrors',
  'Failed',
  'Cancelled',
  'Running',
  'Pending',
  'Scheduled',
  'Other'
]
