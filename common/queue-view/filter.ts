import { z } from 'zod'
import {
  effectiveStatus,
  effectiveStatusSchema,
  jobTypeSchema,
  type EffectiveStatus,
  type Job,
  type JobType
} from '../domain'
import { datePresets, presetRange, type DatePreset } from './date-presets'

/*
 * The queue's filters and the predicate they make, the same in the view and in an export (main recomputes an
 * export's rows from them). Pure.
 */

/** The queue's filters, as the route's query holds them (so Back and Forward restore them). */
export interface QueueFilters {
  /** Substring of the name or the description, case-insensitive. */
  text: string
  types: JobType[]
  statuses: EffectiveStatus[]
  /** Exact submitter name, case-insensitive; empty = anyone. */
  submitter: string
  /** Only the signed-in user's jobs. */
  mine: boolean
  /** Local calendar days (`YYYY-MM-DD`), inclusive, on the submission date. */
  from: string
  to: string
  /** A quick range relative to now ("Last 7 days"), instead of `from` and `to`; empty = none. */
  within: DatePreset | ''
}

export const emptyFilters = (): QueueFilters => ({
  text: '',
  types: [],
  statuses: [],
  submitter: '',
  mine: false,
  from: '',
  to: '',
  within: ''
})

const dayOrEmpty = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)])

/** The filters as a channel takes them from the (untrusted) renderer. */
export const queueFiltersSchema = z
  .object({
    text: z.string().max(500),
    types: z.array(jobTypeSchema).max(10),
    statuses: z.array(effectiveStatusSchema).max(20),
    submitter: z.string().max(200),
    mine: z.boolean(),
    from: dayOrEmpty,
    to: dayOrEmpty,
    within: z.union([z.literal(''), z.enum(datePresets)])
  })
  .strict() satisfies z.ZodType<QueueFilters>

/** Start of a local calendar day (`YYYY-MM-DD`) in milliseconds; `end` gives the start of the next day. */
function localDay(text: string, end: boolean): number {
  const [y, m, d] = text.split('-').map(Number)
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + (end ? 1 : 0)).getTime()
}

/** A predicate for the filters; `username` is who "only mine" means. */
export function jobMatcher(f: QueueFilters, context: { username: string | null; now: Date }): (job: Job) => boolean {
  const text = f.text.trim().toLowerCase()
  const submitter = f.submitter.toLowerCase()
  const me = (context.username ?? '').toLowerCase()
  const preset = f.within ? presetRange(f.within, context.now) : null
  const from = preset ? preset.from : f.from ? localDay(f.from, false) : -Infinity
  const to = preset ? preset.to : f.to ? localDay(f.to, true) : Infinity
  const dated = preset !== null || f.from !== '' || f.to !== ''
  return (job) => {
    if (text && !job.name.toLowerCase().includes(text) && !(job.description ?? '').toLowerCase().includes(text))
      return false
    if (f.types.length && !f.types.includes(job.type)) return false
    if (submitter && job.submitterName.toLowerCase() !== submitter) return false
    if (f.mine && job.submitterName.toLowerCase() !== me) return false
    if (dated) {
      const at = Date.parse(job.submissionDate)
      if (!(at >= from && at < to)) return false
    }
    if (f.statuses.length && !f.statuses.includes(effectiveStatus(job, context.now))) return false
    return true
  }
}

/** True when the filters let every job through (the predicate would be true for all). */
function unfiltered(f: QueueFilters): boolean {
  return (
    f.text.trim() === '' &&
    f.types.length === 0 &&
    f.statuses.length === 0 &&
    f.submitter === '' &&
    !f.mine &&
    f.from === '' &&
    f.to === '' &&
    f.within === ''
  )
}

export function filterJobs(
  jobs: Iterable<Job>,
  f: QueueFilters,
  context: { username: string | null; now: Date }
): Job[] {
  if (unfiltered(f)) return [...jobs]
  const match = jobMatcher(f, context)
  const out: Job[] = []
  for (const job of jobs) if (match(job)) out.push(job)
  return out
}
