import {
  effectiveStatus,
  effectiveStatusLabels,
  statusLabel,
  type EffectiveStatus,
  type Job,
  type JobStatus,
  type KnownJobStatus
} from './domain'

/*
 * The one status vocabulary, for every place that names a job's status: badges, the job's details, its summary,
 * the queue's counts and filters, desktop notifications and the command line. The words are
 * `effectiveStatusLabels` (domain.ts); this file says how the server's own words relate to them. Pure.
 */

/** The server status each shown status is part of. */
export const serverStatusOf: Record<EffectiveStatus, JobStatus> = {
  Pending: 'Pending',
  Scheduled: 'Pending',
  Running: 'Running',
  Succeeded: 'Succeeded',
  CompletedWithErrors: 'Succeeded',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
  Other: 'Other'
}

/** The server's word for a job's status, as it sent it: "Succeeded", or "Paused" for one the app does not know. */
export function serverStatusWord(job: Pick<Job, 'status' | 'otherStatus'>): string {
  return job.status === 'Other' ? (job.otherStatus ?? 'unknown') : job.status
}

/** The tooltip of a shown status: "Server status: Succeeded". */
export function serverStatusTitle(job: Pick<Job, 'status' | 'otherStatus'>): string {
  return `Server status: ${serverStatusWord(job)}`
}

/** The shown word of a job's status now: "Completed with errors", "Scheduled", "Other: Paused". */
export function jobStatusLabel(
  job: Pick<Job, 'status' | 'otherStatus' | 'summary' | 'scheduledExecutionDate'>,
  now: Date
): string {
  return statusLabel(effectiveStatus(job, now), job)
}

/**
 * What a server status covers, in the shown words, for the places that can only name a server status (a filter
 * the server applies, a count from the metrics endpoint): "Pending or Scheduled", "Succeeded or Completed with errors".
 */
export function serverStatusPhrase(status: KnownJobStatus): string {
  const covers = (Object.keys(serverStatusOf) as EffectiveStatus[]).filter((s) => serverStatusOf[s] === status)
  return covers
    .map((s, i) => (i === 0 ? effectiveStatusLabels[s] : effectiveStatusLabels[s].toLowerCase()))
    .join(' or ')
}

/** A desktop notification's title when a job has finished: "Tensile import: Completed with errors". */
export function finishedJobTitle(
  job: Pick<Job, 'name' | 'status' | 'otherStatus' | 'summary' | 'scheduledExecutionDate'>,
  now: Date
): string {
  return `${job.name}: ${jobStatusLabel(job, now)}`
}
