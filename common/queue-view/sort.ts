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

/**
 * A job with its queue-order keys computed once (decorate-sort-undecorate): the comparator then reads fields, and
 * never parses a date, so 50,000 jobs sort without a million Date.parse calls. Same order as `queueOrder`.
 */
interface Keyed {
  job: Job
  /** 0 Running, 1 Pending, 2 the rest. */
  group: number
  /** Active jobs: the position (none = last). */
  position: number
  /** The rest: the most recent date in milliseconds (none or unparsable = 0); NaN until first needed. */
  recent: number
  k: string | number | null
}

function keyed(job: Job, k: string | number | null): Keyed {
  const group = job.status === 'Running' ? 0 : job.status === 'Pending' ? 1 : 2
  return {
    job,
    group,
    position: group < 2 ? (job.position ?? Number.MAX_SAFE_INTEGER) : 0,
    recent: Number.NaN,
    k
  }
}

/** `queueOrder` on decorated jobs. */
function byQueue(a: Keyed, b: Keyed): number {
  if (a.group !== b.group) return a.group - b.group
  if (a.group < 2) {
    if (a.position !== b.position) return a.position - b.position
    const as = a.job.submissionDate
    const bs = b.job.submissionDate
    return as < bs ? -1 : as > bs ? 1 : 0
  }
  if (Number.isNaN(a.recent)) a.recent = recent(a.job) || 0
  if (Number.isNaN(b.recent)) b.recent = recent(b.job) || 0
  const d = b.recent - a.recent
  if (d !== 0) return d
  const ai = a.job.id
  const bi = b.job.id
  return ai < bi ? -1 : ai > bi ? 1 : 0
}

const isNone = (k: string | number | null) => k === null || (typeof k === 'number' && Number.isNaN(k))

/** A sorted copy. Ties keep the queue order, so equal keys never jump around between updates. */
export function sortJobs(jobs: readonly Job[], sort: SortState, now: Date): Job[] {
  const column = sort.column
  const sign = sort.direction === 'asc' ? 1 : -1
  const all = jobs.map((job) => keyed(job, column === null ? null : key(column, job, now)))
  if (column === null) all.sort(byQueue)
  else
    all.sort((a, b) => {
      const an = isNone(a.k)
      const bn = isNone(b.k)
      if (an || bn) {
        if (an !== bn) return an ? 1 : -1
        return byQueue(a, b)
      }
      const c =
        typeof a.k === 'string' && typeof b.k === 'string'
          ? collator.compare(a.k, b.k)
          : (a.k as number) - (b.k as number)
      return c !== 0 ? sign * c : byQueue(a, b)
    })
  return all.map((x) => x.job)
}

/** Header click: ascending, then descending, then back to the queue order. */
export function nextSort(current: SortState, column: ColumnId): SortState {
  if (current.column !== column) return { column, direction: 'asc' }
  if (current.direction === 'asc') return { column, direction: 'desc' }
  return { column: null, direction: 'asc' }
}
