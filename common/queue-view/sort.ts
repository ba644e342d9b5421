import { z } from 'zod'
import { effectiveStatus, effectiveStatuses, jobTypeLabel, type Job } from '../domain'
import { durationMs } from './duration'

/*
 * The queue's order, the same in the view and in an export (main recomputes the rows from the filter and sort the
 * view sends). Pure.
 */

export const columnIds = [
  'position',
  'name',
  'type',
  'status',
  'submitter',
  'submitted',
  'scheduled',
  'started',
  'completed',
  'duration'
] as const
export type ColumnId = (typeof columnIds)[number]

export type SortDirection = 'asc' | 'desc'
/** `column: null` = the queue order: Pending and Running by position, then the rest, most recent first. */
export interface SortState {
  column: ColumnId | null
  direction: SortDirection
}

export const columnIdSchema = z.enum(columnIds)
export const sortStateSchema = z
  .object({ column: columnIdSchema.nullable(), direction: z.enum(['asc', 'desc']) })
  .strict() satisfies z.ZodType<SortState>

export const isColumn = (v: unknown): v is ColumnId =>
  typeof v === 'string' && (columnIds as readonly string[]).includes(v)

// ------------------------------------------------------------------------------------------ ordering

const active = (job: Job) => job.status === 'Pending' || job.status === 'Running'
const time = (iso: string | null) => (iso ? Date.parse(iso) : NaN)
const recent = (job: Job) => time(job.completionDate ?? job.executionDate ?? job.submissionDate)

/** Pending and Running first in position order (Running ahead), then the rest by most recent. */
export function queueOrder(a: Job, b: Job): number {
  const aa = active(a)
  const ba = active(b)
  if (aa !== ba) return aa ? -1 : 1
  if (aa) {
    if (a.status !== b.status) return a.status === 'Running' ? -1 : 1
    const pa = a.position ?? Number.MAX_SAFE_INTEGER
    const pb = b.position ?? Number.MAX_SAFE_INTEGER
    if (pa !== pb) return pa - pb
    return a.submissionDate < b.submissionDate ? -1 : a.submissionDate > b.submissionDate ? 1 : 0
  }
  const d = (recent(b) || 0) - (recent(a) || 0)
  return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

const statusRank = new Map<string, number>(effectiveStatuses.map((s, i) => [s, i]))
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** Sort keys; null sorts last whatever the direction. */
function key(column: ColumnId, job: Job, now: Date): string | number | null {
  switch (column) {
    case 'position':
      return job.position
    case 'name':
      return job.name
    case 'type':
      return jobTypeLabel(job)
    case 'status':
      return statusRank.get(effectiveStatus(job, now)) ?? 0
    case 'submitter':
      return job.submitterName
    case 'submitted':
      return time(job.submissionDate)
    case 'scheduled':
      return job.scheduledExecutionDate ? time(job.scheduledExecutionDate) : null
    case 'started':
      return job.executionDate ? time(job.executionDate) : null
    case 'completed':
      return job.completionDate ? time(job.completionDate) : null
    case 'duration':
      return durationMs(job, now)
  }
}

/** A sorted copy. Ties keep the queue order, so equal keys never jump around between updates. */
export function sortJobs(jobs: readonly Job[], sort: SortState, now: Date): Job[] {
  const column = sort.column
  if (column === null) return [...jobs].sort(queueOrder)
  const sign = sort.direction === 'asc' ? 1 : -1
  const keyed = jobs.map((job) => ({ job, k: key(column, job, now) }))
  keyed.sort((a, b) => {
    if (
      a.k === null ||
      b.k === null ||
      (typeof a.k === 'number' && Number.isNaN(a.k)) ||
      (typeof b.k === 'number' && Number.isNaN(b.k))
    ) {
      const an = a.k === null || (typeof a.k === 'number' && Number.isNaN(a.k))
      const bn = b.k === null || (typeof b.k === 'number' && Number.isNaN(b.k))
      if (an !== bn) return an ? 1 : -1
      return queueOrder(a.job, b.job)
    }
    const c =
      typeof a.k === 'string' && typeof b.k === 'string'
        ? collator.compare(a.k, b.k)
        : (a.k as number) - (b.k as number)
    return c !== 0 ? sign * c : queueOrder(a.job, b.job)
  })
  return keyed.map((x) => x.job)
}

/** Header click: ascending, then descending, then back to the queue order. */
export function nextSort(current: SortState, column: ColumnId): SortState {
  if (current.column !== column) return { column, direction: 'asc' }
  if (current.direction === 'asc') return { column, direction: 'desc' }
  return { column: null, direction: 'asc' }
}
