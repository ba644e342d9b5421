import { z } from 'zod'
import { jobListFiltersSchema } from './domain'

/** Download manager: what the renderer sends, what main stores and what progress events carry. */

export const DEFAULT_LAYOUT_TEMPLATE = '{jobName} ({jobIdShort})/{fileName}'
export const layoutFields = [
  'jobName',
  'jobId',
  'jobIdShort',
  'jobType',
  'submitter',
  'completedDate',
  'completedTime',
  'fileName'
] as const
export type LayoutField = (typeof layoutFields)[number]

export const DEFAULT_CONCURRENCY = 4
export const MIN_CONCURRENCY = 1
export const MAX_CONCURRENCY = 16

export const concurrencySchema = z
  .number()
  .int('Concurrency is a whole number.')
  .min(MIN_CONCURRENCY, `Download at least ${MIN_CONCURRENCY} file at a time.`)
  .max(MAX_CONCURRENCY, `Download at most ${MAX_CONCURRENCY} files at a time.`)

/** Bytes per second for all downloads together; null = unlimited. */
export const bandwidthLimitSchema = z
  .number()
  .int()
  .min(16 * 1024, 'Allow at least 16 KB/s.')
  .nullable()

export const collisionModes = ['skip-same-size', 'rename', 'overwrite'] as const
export const collisionModeSchema = z.enum(collisionModes)
export type CollisionMode = z.infer<typeof collisionModeSchema>

export const itemStates = ['queued', 'active', 'paused', 'done', 'failed', 'cancelled'] as const
export const itemStateSchema = z.enum(itemStates)
export type ItemState = z.infer<typeof itemStateSchema>

const jobIdSchema = z.string().trim().min(1).max(200)
const fileNameSchema = z.string().min(1).max(1000)

/** The queue's filter, without paging: every matching job. */
export const jobFilterSchema = jobListFiltersSchema.omit({ pageSize: true, pageNumber: true }).strict()
export type JobFilter = z.infer<typeof jobFilterSchema>

/** What to download: one output, every output of some jobs, or every output of every job matching a filter. */
export const batchSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), jobId: jobIdSchema, fileName: fileNameSchema }).strict(),
  z
    .object({ kind: z.literal('jobs'), jobIds: z.array(jobIdSchema).min(1, 'Select at least one job.').max(10_000) })
    .strict(),
  z.object({ kind: z.literal('filter'), filter: jobFilterSchema }).strict()
])
export type BatchSource = z.infer<typeof batchSourceSchema>

export const layoutTemplateSchema = z.string().trim().min(1, 'Enter a folder layout.').max(500)

export const batchRequestSchema = z
  .object({
    /** The connection to download from; the one signed in when left out. */
    connectionId: z.string().trim().min(1).max(100).optional(),
    source: batchSourceSchema,
    /** Absolute folder; when left out, the folder last used with this connection. */
    destination: z.string().trim().min(1).max(4000).optional(),
    template: layoutTemplateSchema.default(DEFAULT_LAYOUT_TEMPLATE),
    collision: collisionModeSchema.default('rename')
  })
  .strict()
export type BatchRequest = z.output<typeof batchRequestSchema>
export type BatchRequestInput = z.input<typeof batchRequestSchema>

export const previewEntrySchema = z.object({
  jobId: z.string(),
  jobName: z.string(),
  fileName: z.string(),
  /** The path under the destination, with `/` between folders. */
  relativePath: z.string(),
  targetPath: z.string(),
  /** A file is already at the target path (the collision mode decides). */
  exists: z.boolean()
})
export type PreviewEntry = z.infer<typeof previewEntrySchema>

export const previewSchema = z.object({
  destination: z.string(),
  entries: z.array(previewEntrySchema),
  /** Jobs that could not be read, with the reason in words. */
  problems: z.array(z.object({ jobId: z.string(), message: z.string() }))
})
export type Preview = z.infer<typeof previewSchema>

export const itemErrorSchema = z.object({ code: z.string(), message: z.string() })
export type ItemError = z.infer<typeof itemErrorSchema>

export const validatorSchema = z.object({ etag: z.string().optional(), lastModified: z.string().optional() })
export type Validator = z.infer<typeof validatorSchema>

/** One file to download, as stored in downloads.json. */
export const downloadItemSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  jobId: z.string(),
  jobName: z.string(),
  fileName: z.string(),
  relativePath: z.string(),
  /** The final path; may change once when the collision mode is "rename". */
  targetPath: z.string(),
  /** True once the collision mode has been applied to targetPath. */
  targetSettled: z.boolean(),
  state: itemStateSchema,
  /** Why the item is paused: by the user, or because its connection is not signed in. */
  pauseReason: z.enum(['user', 'offline', 'signIn']).optional(),
  bytesDone: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative().nullable(),
  validator: validatorSchema.optional(),
  /** Verified, fsynced and about to be renamed into place. */
  finalizing: z.boolean().optional(),
  attempts: z.number().int().nonnegative(),
  restarts: z.number().int().nonnegative(),
  outcome: z.enum(['downloaded', 'skipped', 'renamed', 'overwritten']).optional(),
  error: itemErrorSchema.optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional()
})
export type DownloadItem = z.infer<typeof downloadItemSchema>

export const downloadBatchSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  label: z.string(),
  destination: z.string(),
  template: z.string(),
  collision: collisionModeSchema,
  createdAt: z.string()
})
export type DownloadBatch = z.infer<typeof downloadBatchSchema>

/** A folder path as the renderer may name one (main still checks its grant). */
export const folderPathSchema = z.string().trim().min(1).max(32_767)

export const downloadSettingsSchema = z.object({
  concurrency: concurrencySchema,
  bandwidthLimit: bandwidthLimitSchema,
  /** Settings → Downloads: the folder the download dialog starts with (a files state older than it has none). */
  defaultFolder: folderPathSchema.nullable().default(null)
})
export type DownloadSettings = z.infer<typeof downloadSettingsSchema>

export function defaultDownloadSettings(): DownloadSettings {
  return { concurrency: DEFAULT_CONCURRENCY, bandwidthLimit: null, defaultFolder: null }
}

/** The whole of downloads.json. */
export const downloadsStateSchema = z.object({
  settings: downloadSettingsSchema,
  /** Destination folder last used, per connection id. */
  destinations: z.record(z.string(), z.string()),
  batches: z.array(downloadBatchSchema),
  items: z.array(downloadItemSchema)
})
export type DownloadsState = z.infer<typeof downloadsStateSchema>

export const itemCountsSchema = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  active: z.number().int(),
  paused: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int()
})
export type ItemCounts = z.infer<typeof itemCountsSchema>

const rateSchema = z.object({
  bytesDone: z.number(),
  /** Null when a size is unknown. */
  totalBytes: z.number().nullable(),
  /** Smoothed bytes per second. */
  speed: z.number(),
  /** Seconds left; null when unknown (no speed yet, or unknown size). */
  eta: z.number().nullable()
})

export const itemProgressSchema = rateSchema.extend({
  id: z.string(),
  batchId: z.string(),
  state: itemStateSchema,
  targetPath: z.string(),
  pauseReason: z.enum(['user', 'offline', 'signIn']).optional(),
  outcome: downloadItemSchema.shape.outcome,
  error: itemErrorSchema.optional(),
  /** When the next retry starts, while waiting after a transient error. */
  retryAt: z.string().optional()
})
export type ItemProgress = z.infer<typeof itemProgressSchema>

export const batchProgressSchema = rateSchema.extend({ id: z.string(), counts: itemCountsSchema })
export type BatchProgress = z.infer<typeof batchProgressSchema>

/** `downloads.progress`: only what changed since the previous event. */
export const progressEventSchema = z.object({
  items: z.array(itemProgressSchema),
  batches: z.array(batchProgressSchema),
  /** Ids of batches and items removed (cleared). */
  removedBatches: z.array(z.string()),
  removedItems: z.array(z.string()),
  total: rateSchema.extend({ counts: itemCountsSchema }),
  /** A batch that has just finished (nothing left queued, active or paused). */
  finishedBatches: z.array(z.object({ id: z.string(), destination: z.string(), counts: itemCountsSchema }))
})
export type ProgressEvent = z.infer<typeof progressEventSchema>

export const batchViewSchema = downloadBatchSchema.extend({ progress: batchProgressSchema })
export type BatchView = z.infer<typeof batchViewSchema>

export const downloadsListSchema = z.object({
  settings: downloadSettingsSchema,
  batches: z.array(batchViewSchema),
  items: z.array(downloadItemSchema.extend({ progress: itemProgressSchema }))
})
export type DownloadsList = z.infer<typeof downloadsListSchema>

/** Which items a pause / resume / cancel / retry applies to. */
export const downloadTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('item'), itemId: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('batch'), batchId: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('all') }).strict()
])
export type DownloadTarget = z.infer<typeof downloadTargetSchema>

export const affectedSchema = z.object({ affected: z.number().int() })

export const addResultSchema = z.object({
  batch: downloadBatchSchema,
  items: z.number().int(),
  problems: previewSchema.shape.problems
})
export type AddResult = z.infer<typeof addResultSchema>
