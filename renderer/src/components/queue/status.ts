import {
  effectiveStatus,
  effectiveStatusLabels,
  statusLabel,
  type EffectiveStatus,
  type Job
} from '../../../../common/domain'

/** How a status looks: a colour tone for the badge and an icon, so colour is never the only cue. */
export interface StatusLook {
  status: EffectiveStatus
  label: string
  tone: 'neutral' | 'info' | 'accent' | 'success' | 'warning' | 'danger' | 'muted'
  icon: string
}

const looks: Record<EffectiveStatus, Omit<StatusLook, 'status' | 'label'>> = {
  Pending: { tone: 'neutral', icon: 'pi pi-clock' },
  Scheduled: { tone: 'info', icon: 'pi pi-calendar' },
  Running: { tone: 'accent', icon: 'pi pi-spin pi-spinner' },
  Succeeded: { tone: 'success', icon: 'pi pi-check-circle' },
  CompletedWithErrors: { tone: 'warning', icon: 'pi pi-exclamation-triangle' },
  Failed: { tone: 'danger', icon: 'pi pi-times-circle' },
  Cancelled: { tone: 'muted', icon: 'pi pi-ban' },
  Other: { tone: 'neutral', icon: 'pi pi-question-circle' }
}

export function statusLook(status: EffectiveStatus): StatusLook {
  return { status, label: effectiveStatusLabels[status], ...looks[status] }
}

/** A job's look: "Other: Paused" for a status the app does not know. */
export function jobStatusLook(
  job: Pick<Job, 'status' | 'otherStatus' | 'summary' | 'scheduledExecutionDate'>,
  now: Date
): StatusLook {
  const status = effectiveStatus(job, now)
  return { ...statusLook(status), label: statusLabel(status, job) }
}
