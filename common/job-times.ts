import { jobTypeLabel, type Job } from './domain'

/** A job's times as its timeline and the typical-time comparisons use them. Pure. */

/** Milliseconds between two ISO times, or null when either is missing or unreadable (or they go backwards). */
export function spanMs(from: string | null, to: string | null): number | null {
  if (!from || !to) return null
  const ms = Date.parse(to) - Date.parse(from)
  return Number.isFinite(ms) && ms >= 0 ? ms : null
}

/** When a job became ready to run: its submission, or its scheduled date when that came later. */
export function readyAt(job: Pick<Job, 'submissionDate' | 'scheduledExecutionDate'>): string {
  const s = job.scheduledExecutionDate
  return s && Date.parse(s) > Date.parse(job.submissionDate) ? s : job.submissionDate
}

/** How long a job waited to start (from when it was ready); null until it has started. */
export function waitMs(job: Pick<Job, 'submissionDate' | 'scheduledExecutionDate' | 'executionDate'>): number | null {
  return spanMs(readyAt(job), job.executionDate)
}

/** "45 s", "12 min", "2.5 h": a round figure for a comparison. */
export function roundDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`
  if (ms < 90 * 60_000) return `${Math.round(ms / 60_000)} min`
  return `${Math.round(ms / 360_000) / 10} h`
}

/** "Excel imports", "text imports": a type's name for a sentence about many jobs of it. */
export function typePlural(job: Pick<Job, 'type' | 'otherType'>): string {
  return job.type === 'Other' ? `${job.otherType ?? 'unknown'} jobs` : `${jobTypeLabel(job).replace(/^Text/, 'text')}s`
}

/**
 * A wait against the usual one of its type: "waited 12 min — 3× the usual 4 min for Excel imports".
 * `sofar` words a job still waiting. Without a median, it says there is nothing to compare with.
 */
export function waitComparison(
  wait: number,
  median: number | null,
  job: Pick<Job, 'type' | 'otherType'>,
  sofar = false
): string {
  const waited = sofar ? `waiting ${roundDuration(wait)} so far` : `waited ${roundDuration(wait)}`
  if (median === null) return `${waited} — no recent runs of ${typePlural(job)} to compare with`
  const usual = `the usual ${roundDuration(median)} for ${typePlural(job)}`
  if (median > 0 && wait >= 1.5 * median) {
    const ratio = wait / median
    return `${waited} — ${ratio >= 10 ? Math.round(ratio) : Math.round(ratio * 10) / 10}× ${usual}`
  }
  if (wait <= 0.67 * median) return `${waited} — less than ${usual}`
  return `${waited} — about ${usual}`
}
