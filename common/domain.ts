import { z } from 'zod'

/*
 * The job domain shared by main, preload and renderer. Pure: no Node, DOM or Electron imports.
 *
 * Dates are ISO 8601 strings in UTC (`2026-11-29T11:59:51.327Z`), never `Date` objects: they cross IPC
 * unchanged, sort as strings and parse with `new Date(iso)` where arithmetic is needed.
 */

// ---------------------------------------------------------------------------------------------- enums

/** The statuses the app knows. A server may send others: a job then has status "Other" and `otherStatus` says which. */
export const jobStatuses = ['Pending', 'Running', 'Succeeded', 'Failed', 'Cancelled'] as const
export type KnownJobStatus = (typeof jobStatuses)[number]
export const knownJobStatusSchema = z.enum(jobStatuses)
export const jobStatusSchema = z.enum([...jobStatuses, 'Other'])
export type JobStatus = z.infer<typeof jobStatusSchema>

/** The job types the app knows. Servers add types over releases: those jobs have type "Other" and `otherType`. */
export const jobTypes = ['ExcelImportJob', 'ExcelExportJob', 'TextImportJob'] as const
export type KnownJobType = (typeof jobTypes)[number]
export const knownJobTypeSchema = z.enum(jobTypes)
export const jobTypeSchema = z.enum([...jobTypes, 'Other'])
export type JobType = z.infer<typeof jobTypeSchema>

export const jobTypeLabels: Record<JobType, string> = {
  ExcelImportJob: 'Excel import',
  ExcelExportJob: 'Excel export',
  TextImportJob: 'Text import',
  Other: 'Other'
}

/** "Excel import", or "Other: DataUpdaterJob" for a type the app does not know. */
export function jobTypeLabel(job: Pick<Job, 'type' | 'otherType'>): string {
  return job.type === 'Other' ? `Other: ${job.otherType ?? 'unknown'}` : jobTypeLabels[job.type]
}

/** The file roles of an import job, as the server names them in `parameters`. */
export const importFileTypes = ['Template', 'Data', 'Combined', 'Attachment'] as const
export const importFileTypeSchema = z.enum(importFileTypes)
export type ImportFileType = z.infer<typeof importFileTypeSchema>

// ---------------------------------------------------------------------------------------------- dates

const canonical = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const isoWithZone = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})$/i

/** Two digits at `at` as a number (the caller has checked they are digits). */
const twoDigits = (text: string, at: number): number => (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48

/**
 * Already in the canonical form `isoUtc` returns (what crosses IPC, and what most servers send). The fields are
 * range-checked here rather than by Date.parse: this runs for every date of every listed job.
 */
export function isCanonicalUtc(text: string): boolean {
  if (text.length !== 24 || !canonical.test(text)) return false
  const month = twoDigits(text, 5)
  const day = twoDigits(text, 8)
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 31 &&
    twoDigits(text, 11) <= 23 &&
    twoDigits(text, 14) <= 59 &&
    twoDigits(text, 17) <= 59
  )
}

/** An ISO 8601 date and time with its zone, as UTC (`…T11:59:51.327Z`); null when the text is not one. */
export function isoUtc(text: string): string | null {
  if (isCanonicalUtc(text)) return text
  const m = isoWithZone.exec(text)
  if (!m) return null
  // Keep at most milliseconds: Date.parse is not required to accept more digits.
  const ms = Date.parse(`${(m[1] ?? '').replace(/(\.\d{3})\d+$/, '$1')}${m[2] ?? ''}`)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

/** An ISO date string (with zone) as it crosses IPC. */
export const isoDateSchema = z.string().refine((s) => isoUtc(s) !== null, {
  message: 'Expected a date and time (ISO 8601)'
})

// ---------------------------------------------------------------------------------------------- summaries

/** The `summary` output of an import job. */
export const importSummarySchema = z.object({
  kind: z.literal('import'),
  finishedSuccessfully: z.boolean(),
  numberOfErrors: z.number().int().nullable(),
  numberOfRecordsCreated: z.number().int().nullable(),
  numberOfRecordsUpdated: z.number().int().nullable(),
  numberOfTasks: z.number().int().nullable()
})
export type ImportSummary = z.infer<typeof importSummarySchema>

/** The `summary` output of an export job. */
export const exportSummarySchema = z.object({
  kind: z.literal('export'),
  exportedRecords: z.number().int().nullable(),
  errors: z.array(z.string())
})
export type ExportSummary = z.infer<typeof exportSummarySchema>

export const jobSummarySchema = z.discriminatedUnion('kind', [importSummarySchema, exportSummarySchema])
export type JobSummary = z.infer<typeof jobSummarySchema>

// ---------------------------------------------------------------------------------------------- job

export const jobSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullable(),
  type: jobTypeSchema,
  /** The server's word when `type` is "Other", else null. */
  otherType: z.string().nullable().default(null),
  status: jobStatusSchema,
  /** The server's word when `status` is "Other", else null. */
  otherStatus: z.string().nullable().default(null),
  submitterName: z.string(),
  submitterRoles: z.array(z.string()),
  /** ISO UTC. */
  submissionDate: isoDateSchema,
  scheduledExecutionDate: isoDateSchema.nullable(),
  executionDate: isoDateSchema.nullable(),
  completionDate: isoDateSchema.nullable(),
  /** 1 = next to run; null once the job has finished. */
  position: z.number().int().nullable(),
  inputFileIds: z.array(z.string()),
  outputFileNames: z.array(z.string()),
  /** `jobSpecificOutputs` with each JSON-encoded value decoded. */
  outputs: z.record(z.string(), z.unknown()),
  summary: jobSummarySchema.nullable()
})
export type Job = z.infer<typeof jobSchema>

/** What the queue screens show: the server status refined by the summary and the schedule. */
export const effectiveStatuses = [
  'Scheduled',
  'Pending',
  'Running',
  'Succeeded',
  'CompletedWithErrors',
  'Failed',
  'Cancelled',
  'Other'
] as const
export const effectiveStatusSchema = z.enum(effectiveStatuses)
export type EffectiveStatus = z.infer<typeof effectiveStatusSchema>

export const effectiveStatusLabels: Record<EffectiveStatus, string> = {
  Scheduled: 'Scheduled',
  Pending: 'Pending',
  Running: 'Running',
  Succeeded: 'Succeeded',
  CompletedWithErrors: 'Completed with errors',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
  Other: 'Other'
}

/** The label of a job's shown status: "Other: Paused" for a status the app does not know. */
export function statusLabel(status: EffectiveStatus, job: Pick<Job, 'otherStatus'>): string {
  return status === 'Other' ? `Other: ${job.otherStatus ?? 'unknown'}` : effectiveStatusLabels[status]
}

/**
 * `Succeeded` only means the job ran. An import whose summary says `FinishedSuccessfully: false`, or an
 * export whose summary lists errors, is `CompletedWithErrors`. A pending job whose scheduled date is
 * still ahead is `Scheduled`.
 */
export function effectiveStatus(
  job: Pick<Job, 'status' | 'summary' | 'scheduledExecutionDate'>,
  now: Date = new Date()
): EffectiveStatus {
  switch (job.status) {
    case 'Succeeded': {
      const s = job.summary
      if (s?.kind === 'import' && !s.finishedSuccessfully) return 'CompletedWithErrors'
      if (s?.kind === 'export' && s.errors.length > 0) return 'CompletedWithErrors'
      return 'Succeeded'
    }
    case 'Pending': {
      const at = job.scheduledExecutionDate ? Date.parse(job.scheduledExecutionDate) : NaN
      return !Number.isNaN(at) && at > now.getTime() ? 'Scheduled' : 'Pending'
    }
    case 'Running':
    case 'Failed':
    case 'Cancelled':
    case 'Other':
      return job.status
  }
}

/** True for the statuses a user should treat as a failure. */
export function isFailure(status: EffectiveStatus): boolean {
  return status === 'Failed' || status === 'CompletedWithErrors'
}

/** True once a job will not change any more. */
export function isFinished(status: JobStatus): boolean {
  return status === 'Succeeded' || status === 'Failed' || status === 'Cancelled'
}

// ---------------------------------------------------------------------------------------------- other server objects

export const currentUserSchema = z.object({
  username: z.string(),
  isAdmin: z.boolean(),
  hasWriteAccess: z.boolean()
})
export type CurrentUser = z.infer<typeof currentUserSchema>

export const processingConfigurationSchema = z.object({
  purgeJobAgeInMilliseconds: z.number().int(),
  purgeIntervalInMilliseconds: z.number().int(),
  pollingIntervalInMilliseconds: z.number().int(),
  concurrency: z.number().int()
})
export type ProcessingConfiguration = z.infer<typeof processingConfigurationSchema>

export const jobListFiltersSchema = z.object({
  jobType: knownJobTypeSchema.optional(),
  status: knownJobStatusSchema.optional(),
  /** Substring match on the server. */
  nameFilter: z.string().optional(),
  /** Substring match on the server. */
  descriptionFilter: z.string().optional(),
  /** Exact match on the server. */
  submitterNameFilter: z.string().optional(),
  pageSize: z.number().int().positive().optional(),
  /** 1 = the first page. */
  pageNumber: z.number().int().positive().optional()
})
export type JobListFilters = z.infer<typeof jobListFiltersSchema>

/** An item of a server list the app could not read (no id, not an object, …): reported, never shown. */
export const skippedItemSchema = z.object({
  /** The item's id when it had a usable one. */
  id: z.string().nullable(),
  /** Where the problem is, e.g. `results.24.id`. */
  field: z.string(),
  reason: z.string()
})
export type SkippedItem = z.infer<typeof skippedItemSchema>

export const jobListSchema = z.object({
  totalResultCount: z.number().int(),
  jobs: z.array(jobSchema),
  skipped: z.array(skippedItemSchema)
})
export type JobList = z.infer<typeof jobListSchema>

export const jobUpdateSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the job.').optional(),
  description: z.string().nullable().optional(),
  scheduledExecutionDate: isoDateSchema.nullable().optional()
})
export type JobUpdate = z.infer<typeof jobUpdateSchema>

export const jobMetricsSchema = z.object({
  jobs: z.array(z.object({ jobType: z.string().nullable(), status: z.string().nullable() }))
})
export type JobMetrics = z.infer<typeof jobMetricsSchema>

/** A job's original create request, as `retrieve-definition` returns it. */
export const jobDefinitionSchema = z.object({
  name: z.string().nullable(),
  description: z.string().nullable(),
  type: jobTypeSchema.nullable(),
  scheduledExecutionDate: isoDateSchema.nullable(),
  inputFileIds: z.array(z.string()),
  /** The raw `parameters` string. */
  parameters: z.string().nullable(),
  /** `parameters` decoded: a file list for imports, the export object for exports; null when unreadable. */
  files: z.array(z.object({ fileType: z.string(), filePath: z.string() })).nullable(),
  export: z
    .object({
      databaseKey: z.string(),
      records: z.array(z.object({ historyIdentity: z.number(), version: z.number().nullable() })),
      templateFileName: z.string()
    })
    .nullable()
})
export type JobDefinition = z.infer<typeof jobDefinitionSchema>
