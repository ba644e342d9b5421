import type { Job } from '../../../../common/domain'
import { formatDuration } from '../../../../common/format'
import { readyAt, spanMs } from '../../../../common/job-times'

export type StepState = 'done' | 'now' | 'ahead' | 'skipped'

export interface TimelineStep {
  key: 'submitted' | 'scheduled' | 'started' | 'completed'
  label: string
  /** ISO time; null when the step has not happened (or was skipped). */
  at: string | null
  state: StepState
  /** The time from the step before to this one ("12 min 05 s"), or, for the step under way, so far. */
  gap: string
}

const ended = (job: Job) =>
  job.status === 'Cancelled' ? 'Cancelled' : job.status === 'Failed' ? 'Failed' : 'Completed'

/** Submitted → scheduled → started → completed, with the time between each two. `now` times a step under way. */
export function timelineSteps(job: Job, now: Date): TimelineStep[] {
  const nowIso = now.toISOString()
  const running = job.status === 'Running'
  const pending = job.status === 'Pending'
  const scheduledAhead = job.scheduledExecutionDate !== null && Date.parse(job.scheduledExecutionDate) > now.getTime()
  const steps: TimelineStep[] = [
    { key: 'submitted', label: 'Submitted', at: job.submissionDate, state: 'done', gap: '' }
  ]
  if (job.scheduledExecutionDate) {
    const gap = spanMs(job.submissionDate, job.scheduledExecutionDate)
    steps.push({
      key: 'scheduled',
      label: 'Scheduled for',
      at: job.scheduledExecutionDate,
      state: scheduledAhead ? 'ahead' : 'done',
      gap: gap === null ? '' : `${formatDuration(gap)} after submission`
    })
  }
  const wait = spanMs(readyAt(job), job.executionDate ?? (pending && !scheduledAhead ? nowIso : null))
  steps.push({
    key: 'started',
    label: 'Started',
    at: job.executionDate,
    state: job.executionDate
      ? 'done'
      : pending && !scheduledAhead
        ? 'now'
        : job.status === 'Cancelled'
          ? 'skipped'
          : 'ahead',
    gap:
      wait === null
        ? ''
        : job.executionDate
          ? `after ${formatDuration(wait)} waiting`
          : `waiting ${formatDuration(wait)} so far`
  })
  const run = spanMs(job.executionDate, job.completionDate ?? (running ? nowIso : null))
  steps.push({
    key: 'completed',
    label: job.completionDate ? ended(job) : 'Completed',
    at: job.completionDate,
    state: job.completionDate ? 'done' : running ? 'now' : job.status === 'Cancelled' ? 'skipped' : 'ahead',
    gap: run === null ? '' : job.completionDate ? `ran ${formatDuration(run)}` : `running ${formatDuration(run)} so far`
  })
  return steps
}
