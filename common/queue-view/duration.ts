import type { Job } from '../domain'

/** Milliseconds a job ran (so far, while it runs); null before it starts. */
export function durationMs(job: Pick<Job, 'executionDate' | 'completionDate' | 'status'>, now: Date): number | null {
  if (!job.executionDate) return null
  const start = Date.parse(job.executionDate)
  const end = job.completionDate ? Date.parse(job.completionDate) : job.status === 'Running' ? now.getTime() : NaN
  if (Number.isNaN(start) || Number.isNaN(end)) return null
  return Math.max(0, end - start)
}
