import { jobTypeLabel, type Job } from '../../../../common/domain'
import type { ColumnId } from './columns'
import { durationMs, localDateTime, utcDateTime } from './format'
import { formatDuration } from '../../../../common/format'
import { jobStatusLook, type StatusLook } from './status'

/** Everything a table row shows for one job, as ready-made strings: rows render without formatting anything. */
export interface RowView {
  id: string
  name: string
  /** The visible text of every column but Status (which is a badge). */
  text: Record<ColumnId, string>
  /** Tooltips: the full name and description, the dates in UTC. */
  title: Partial<Record<ColumnId, string>>
  status: StatusLook
  /** `status-badge tone-…`, the classes of the badge (styles in status-badge.css). */
  badgeClass: string
}

/** A job whose look changes with the clock alone: a running duration, a schedule coming due. */
export function dependsOnClock(job: Pick<Job, 'status' | 'scheduledExecutionDate'>): boolean {
  return job.status === 'Running' || (job.status === 'Pending' && job.scheduledExecutionDate !== null)
}

/** Longest name or description a row or its tooltip shows: a server may send megabytes. */
export const maxShownText = 2_000
/** What a row shows for a job the server sent without a name. */
export const noName = '(no name)'

function clip(text: string): string {
  return text.length > maxShownText ? `${text.slice(0, maxShownText)}…` : text
}

export function rowView(job: Job, now: Date): RowView {
  const status = jobStatusLook(job, now)
  const name = job.name.trim() === '' ? noName : clip(job.name)
  const title: Partial<Record<ColumnId, string>> = {
    name: job.description ? `${name}\n${clip(job.description)}` : name
  }
  const utc = (column: ColumnId, iso: string | null) => {
    const t = utcDateTime(iso)
    if (t) title[column] = t
  }
  utc('submitted', job.submissionDate)
  utc('scheduled', job.scheduledExecutionDate)
  utc('started', job.executionDate)
  utc('completed', job.completionDate)
  return {
    id: job.id,
    name,
    text: {
      position: job.position === null ? '' : String(job.position),
      name,
      type: jobTypeLabel(job),
      status: status.label,
      submitter: job.submitterName,
      submitted: localDateTime(job.submissionDate),
      scheduled: localDateTime(job.scheduledExecutionDate),
      started: localDateTime(job.executionDate),
      completed: localDateTime(job.completionDate),
      duration: formatDuration(durationMs(job, now))
    },
    title,
    status,
    badgeClass: `status-badge tone-${status.tone}`
  }
}

/**
 * Row views made once per job version: jobs are replaced, never mutated, when they change, so the job object
 * itself is the cache key. Only clock-dependent jobs are formatted again, and only when the clock moved.
 */
export class RowViews {
  private cache = new WeakMap<Job, { view: RowView; at: number }>()

  get(job: Job, now: Date): RowView {
    const hit = this.cache.get(job)
    if (hit && (hit.at === now.getTime() || !dependsOnClock(job))) return hit.view
    const view = rowView(job, now)
    this.cache.set(job, { view, at: now.getTime() })
    return view
  }
}
