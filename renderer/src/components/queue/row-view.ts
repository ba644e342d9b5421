import { jobTypeLabel, type Job } from '../../../../common/domain'
import type { ColumnId } from './columns'
import { durationMs, exactTimes, shortRelativeTime } from './format'
import { formatDuration } from '../../../../common/format'
import { jobStatusLook, type StatusLook } from './status'

/** Everything a table row shows for one job, as ready-made strings: rows render without formatting anything. */
export interface RowView {
  id: string
  name: string
  /** The visible text of every column but Status (which is a badge). */
  text: Record<ColumnId, string>
  /** Tooltips: the full name and description, the exact local and UTC times. */
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
  const exact = (column: ColumnId, iso: string | null) => {
    const t = exactTimes(iso)
    if (t) title[column] = t
  }
  exact('submitted', job.submissionDate)
  exact('scheduled', job.scheduledExecutionDate)
  exact('started', job.executionDate)
  exact('completed', job.completionDate)
  if (job.status === 'Running') title.position = 'Running now'
  else if (job.position !== null) title.position = `Position ${job.position} in the queue (1 runs next)`
  return {
    id: job.id,
    name,
    text: {
      position: job.status === 'Running' ? 'Running' : job.position === null ? '' : String(job.position),
      name,
      type: jobTypeLabel(job),
      status: status.label,
      submitter: job.submitterName,
      submitted: shortRelativeTime(job.submissionDate, now),
      scheduled: shortRelativeTime(job.scheduledExecutionDate, now),
      started: shortRelativeTime(job.executionDate, now),
      completed: shortRelativeTime(job.completionDate, now),
      duration: formatDuration(durationMs(job, now))
    },
    title,
    status,
    badgeClass: `status-badge tone-${status.tone}`
  }
}

const minute = (ms: number) => Math.floor(ms / 60_000)

/** Row views kept: a few screens' worth. Scrolling 50,000 rows must not keep 50,000 views alive for the GC to trace. */
export const keptViews = 256

/**
 * Row views made once per job version: jobs are replaced, never mutated, when they change, so the job object
 * itself is the cache key. Clock-dependent jobs are formatted again whenever the clock moved; the others once a
 * minute, for their relative times ("5 min ago"). Only the views of recently shown rows are kept (two generations
 * of at most `keptViews`): a row scrolled far away is formatted again if it comes back.
 */
export class RowViews {
  private current = new Map<Job, { view: RowView; at: number }>()
  private previous = new Map<Job, { view: RowView; at: number }>()

  get(job: Job, now: Date): RowView {
    const t = now.getTime()
    let hit = this.current.get(job)
    if (!hit) {
      hit = this.previous.get(job)
      if (hit) this.keep(job, hit)
    }
    if (hit && (hit.at === t || (!dependsOnClock(job) && minute(hit.at) === minute(t)))) return hit.view
    const view = rowView(job, now)
    this.keep(job, { view, at: t })
    return view
  }

  private keep(job: Job, entry: { view: RowView; at: number }): void {
    if (!this.current.has(job) && this.current.size >= keptViews) {
      this.previous = this.current
      this.current = new Map()
    }
    this.current.set(job, entry)
  }
}
