import { z } from 'zod'
import { jobSchema, knownJobStatusSchema, knownJobTypeSchema, skippedItemSchema } from './domain'
import { errorValueSchema } from './errors'

/** Where the shown queue came from: the server just now, or the last copy kept on disk. */
export const queueSourceSchema = z.enum(['server', 'cache'])

/**
 * A value the job list's query may carry: only text that `encodeURIComponent` leaves as it is, so the request
 * means the same whether or not the server decodes its query (the real one is not trusted to: `&`, `+`, `#`
 * and `%` would break it). Anything else is filtered in the view.
 */
export function isServerSafe(value: string): boolean {
  return value.length > 0 && encodeURIComponent(value) === value
}

const serverText = (max: number) =>
  z.string().max(max).refine(isServerSafe, "Only letters, digits and - _ . ! ~ * ' ( ) can be sent to the server.")

/**
 * The part of the view's filter the server applies (`GET /jobs` parameters); the view filters the rest.
 * `text` is matched in the name OR the description: the monitor asks for both and merges them by id.
 * `{}` is the whole queue.
 */
export const queueScopeSchema = z
  .object({
    jobType: knownJobTypeSchema.optional(),
    status: knownJobStatusSchema.optional(),
    /** Exact submitter name. */
    submitterName: serverText(200).optional(),
    text: serverText(500).optional()
  })
  .strict()
export type QueueScope = z.infer<typeof queueScopeSchema>

/** True when every job of scope `inner` is in scope `outer` (outer asks for nothing inner does not). */
export function scopeCovers(outer: QueueScope, inner: QueueScope): boolean {
  if (outer.jobType && outer.jobType !== inner.jobType) return false
  if (outer.status && outer.status !== inner.status) return false
  if (outer.submitterName && outer.submitterName !== inner.submitterName) return false
  if (outer.text && !(inner.text ?? '').toLowerCase().includes(outer.text.toLowerCase())) return false
  return true
}

export function sameScope(a: QueueScope, b: QueueScope): boolean {
  return scopeCovers(a, b) && scopeCovers(b, a)
}

export function isWholeQueue(scope: QueueScope): boolean {
  return !scope.jobType && !scope.status && !scope.submitterName && !scope.text
}

/** Jobs per server status across the whole queue (from the list when it is whole, else from the metrics endpoint). */
export const statusCountsSchema = z.object({
  Pending: z.number().int(),
  Running: z.number().int(),
  Succeeded: z.number().int(),
  Failed: z.number().int(),
  Cancelled: z.number().int(),
  total: z.number().int()
})
export type QueueStatusCounts = z.infer<typeof statusCountsSchema>

/** The whole queue, sent once when a view opens; after that only deltas. */
export const queueSnapshotSchema = z.object({
  connectionId: z.string().nullable(),
  jobs: z.array(jobSchema),
  source: queueSourceSchema,
  /** ISO UTC time of the last successful poll (or of the cached copy). */
  lastUpdated: z.string().nullable(),
  /** The reason the last poll failed, while it keeps failing. */
  error: errorValueSchema.nullable(),
  /** Milliseconds until the next poll; null while paused. */
  nextPollMs: z.number().nullable(),
  paused: z.boolean(),
  /** The scope the jobs were listed with (the cached copy's scope while offline). */
  scope: queueScopeSchema,
  /** Counts by status over the whole queue, whatever the scope; null until known. */
  counts: statusCountsSchema.nullable(),
  /** The jobs of the last list the app could not read (no id, …): the view shows a banner for them. */
  skipped: z.array(skippedItemSchema)
})
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>

/** The answer to `queue.snapshot`: all of it, or (asked for a first page) that page and how to fetch the rest. */
export const queueSnapshotFirstSchema = queueSnapshotSchema.extend({
  more: z.object({ token: z.string().min(1).max(100), total: z.number().int().nonnegative() }).nullable()
})
export type QueueSnapshotFirst = z.infer<typeof queueSnapshotFirstSchema>

export const queueSnapshotPageSchema = z.object({ jobs: z.array(jobSchema), done: z.boolean() })
export type QueueSnapshotPage = z.infer<typeof queueSnapshotPageSchema>

export const queueDeltaSchema = z.object({
  connectionId: z.string().nullable(),
  /** True when the receiver must drop what it has first (a new connection, or the cache replaced by the server). */
  reset: z.boolean(),
  added: z.array(jobSchema),
  changed: z.array(jobSchema),
  removed: z.array(z.string()),
  source: queueSourceSchema,
  lastUpdated: z.string().nullable(),
  error: errorValueSchema.nullable(),
  nextPollMs: z.number().nullable(),
  paused: z.boolean(),
  scope: queueScopeSchema,
  counts: statusCountsSchema.nullable(),
  skipped: z.array(skippedItemSchema)
})
export type QueueDelta = z.infer<typeof queueDeltaSchema>

/** Which finished jobs notify: the user's own, every job the queue shows, or none. */
export const notifyJobsSchema = z.enum(['mine', 'all', 'none'])
export type NotifyJobs = z.infer<typeof notifyJobsSchema>

export const notificationSettingsSchema = z.object({
  jobs: notifyJobsSchema,
  /** Also raise a system (OS) notification; the browser host has none and shows every one in the app. */
  native: z.boolean()
})
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>

/** How a job ended, for a notification's words and icon. */
export const jobOutcomeSchema = z.enum(['succeeded', 'failed', 'cancelled'])
export type JobOutcome = z.infer<typeof jobOutcomeSchema>

/** One job that has just finished, as main tells the window (it decided, by the settings, that it notifies). */
export const finishedJobEventSchema = z.object({
  jobId: z.string().min(1),
  name: z.string(),
  /** The job's shown status word ("Completed with errors"), from common/status-words.ts. */
  statusLabel: z.string(),
  outcome: jobOutcomeSchema,
  mine: z.boolean(),
  /** ISO time main saw it finish. */
  at: z.string(),
  /** True when a system notification was raised for it too: the window then lists it without a toast. */
  native: z.boolean()
})
export type FinishedJobEvent = z.infer<typeof finishedJobEventSchema>

/** What main knows of a job's log file once it has indexed it. */
export const logInfoSchema = z.object({
  lineCount: z.number().int(),
  bytes: z.number(),
  /** Line numbers (0-based) of ERROR lines and WARN lines, at most 100,000 of each. */
  errorLines: z.array(z.number().int()),
  warnLines: z.array(z.number().int())
})
export type LogInfo = z.infer<typeof logInfoSchema>

/** Where a text is in a job's log: the lines holding it and how often, at most 10,000 lines of them. */
export const logMatchesSchema = z.object({
  hits: z.array(z.object({ line: z.number().int(), count: z.number().int() })),
  /** Every match in the log, those past the listed lines included. */
  total: z.number().int(),
  /** True when more lines hold the text than `hits` lists. */
  truncated: z.boolean()
})
export type LogMatches = z.infer<typeof logMatchesSchema>
