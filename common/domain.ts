import { z } from 'zod'

/*
 * The job domain shared by main, preload and renderer. Pure: no Node, DOM or Electron imports.
 *
 * Dates are ISO 8601 strings in UTC (`2026-11-29T11:59:51.327Z`), never `Date` objects: they cross IPC
 * unchanged, sort as strings and parse with `new Date(iso)` where arithmetic is needed.
 */

// ---------------------------------------------------------------------------------------------- enums

export const jobStatuses = ['Pending', 'Running', 'Succeeded', 'Failed', 'Cancelled'] as const
export const jobStatusSchema = z.enum(jobStatuses)
export type JobStatus = z.infer<typeof jobStatusSchema>

export const jobTypes = ['ExcelImportJob', 'ExcelExportJob', 'TextImportJob'] as const
export const jobTypeSchema = z.enum(jobTypes)
export type JobType = z.infer<typeof jobTypeSchema>

export const jobTypeLabels: Record<JobType, string> = {
  ExcelImportJob: 'Excel import',
  ExcelExportJob: 'Excel export',
  TextImportJob: 'Text import'
}

/** The file roles of an import job, as the server names them in `parameters`. */
export const importFileTypes = ['Template', 'Data', 'Combined', 'Attachment'] as const
export const importFileTypeSchema = z.enum(importFileTypes)
export type ImportFileType = z.infer<typeof importFileTypeSchema>

// ---------------------------------------------------------------------------------------------- dates

const canonical = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const isoWithZone = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * Normalises a server date to ISO UTC. Accepts an offset or `Z`, and naive dates (taken as UTC).
 * Returns null when the text is not a date.
 */
export function normaliseServerDate(text: string): string | null {
  // Fast path for what servers usually send, already in the canonical form.
  if (text.length === 24 && canonical.test(text) && !Number.isNaN(Date.parse(text))) return text
  const m = isoWithZone.exec(text.trim())
  if (!m) return null
  const [, day, time, zone] = m
  // Keep at most milliseconds: Date.parse is not required to accept more digits.
  const trimmed = (time ?? '').replace(/(\.\d{3})\d+$/, '$1')
  const ms = Date.parse(`${day}T${trimmed}${zone ?? 'Z'}`)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

/** An ISO date string (with zone) as it crosses IPC. */
export const isoDateSchema = z.string().refine((s) => normaliseServerDate(s) !== null, {
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

const optionalInt = z
  .number()
  .int()
  .nullable()
  .optional()
  .transform((v) => v ?? null)

const wireImportSummary = z.object({
  FinishedSuccessfully: z.boolean(),
  NumberOfErrors: optionalInt,
  NumberOfRecordsCreated: optionalInt,
  NumberOfRecordsUpdated: optionalInt,
  NumberOfTasks: optionalInt
})

const wireExportSummary = z.object({
  ExportedRecords: optionalInt,
  Errors: z
    .array(z.unknown())
    .nullable()
    .optional()
    .transform((list) => (list ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e))))
})

/** A job output value: the server sends JSON-encoded strings; older or other servers may send objects. */
export function decodeJobOutput(value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

/**
 * Reads the `summary` entry of `jobSpecificOutputs` for a job of the given type.
 * Returns null when there is none or when it is not a summary we understand (it stays in `outputs`).
 */
export function parseJobSummary(type: JobType, outputs: Record<string, unknown>): JobSummary | null {
  const raw = decodeJobOutput(outputs['summary'] ?? outputs['Summary'])
  if (raw === null || typeof raw !== 'object') return null
  if (type === 'ExcelExportJob') {
    const r = wireExportSummary.safeParse(raw)
    return r.success ? { kind: 'export', exportedRecords: r.data.ExportedRecords, errors: r.data.Errors } : null
  }
  const r = wireImportSummary.safeParse(raw)
  if (!r.success) return null
  return {
    kind: 'import',
    finishedSuccessfully: r.data.FinishedSuccessfully,
    numberOfErrors: r.data.NumberOfErrors,
    numberOfRecordsCreated: r.data.NumberOfRecordsCreated,
    numberOfRecordsUpdated: r.data.NumberOfRecordsUpdated,
    numberOfTasks: r.data.NumberOfTasks
  }
}

// ---------------------------------------------------------------------------------------------- job

export const jobSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullable(),
  type: jobTypeSchema,
  status: jobStatusSchema,
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
  'Cancelled'
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
  Cancelled: 'Cancelled'
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
    default:
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
  jobType: jobTypeSchema.optional(),
  status: jobStatusSchema.optional(),
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

export const jobListSchema = z.object({
  totalResultCount: z.number().int(),
  jobs: z.array(jobSchema)
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

// ---------------------------------------------------------------------------------------------- job requests

/** A local file and, optionally, where it goes inside the job's folder on the server. */
export const jobFileSchema = z.object({
  path: z.string(),
  /** Relative path inside the job's folder; empty or absent = the file's base name. */
  virtualPath: z.string().optional()
})
export type JobFile = z.infer<typeof jobFileSchema>

const requestBase = {
  name: z.string(),
  description: z.string().nullable(),
  /** ISO date with zone; absent or null = as soon as possible. */
  scheduledExecutionDate: isoDateSchema.nullable().optional()
}

export const excelImportRequestSchema = z.object({
  type: z.literal('ExcelImportJob'),
  ...requestBase,
  template: jobFileSchema.nullable().optional(),
  data: z.array(jobFileSchema).default([]),
  combined: z.array(jobFileSchema).default([]),
  attachments: z.array(jobFileSchema).default([])
})
export type ExcelImportRequest = z.infer<typeof excelImportRequestSchema>

export const textImportRequestSchema = z.object({
  type: z.literal('TextImportJob'),
  ...requestBase,
  template: jobFileSchema.nullable().optional(),
  data: z.array(jobFileSchema).default([]),
  attachments: z.array(jobFileSchema).default([])
})
export type TextImportRequest = z.infer<typeof textImportRequestSchema>

export const exportRecordSchema = z.object({
  historyIdentity: z.number(),
  version: z.number().nullable().optional()
})
export type ExportRecord = z.infer<typeof exportRecordSchema>

export const excelExportRequestSchema = z.object({
  type: z.literal('ExcelExportJob'),
  ...requestBase,
  template: jobFileSchema.nullable().optional(),
  databaseKey: z.string(),
  records: z.array(exportRecordSchema)
})
export type ExcelExportRequest = z.infer<typeof excelExportRequestSchema>

/**
 * Shapes only: a request that parses may still break the rules; `validateJobRequest` says which.
 * Wizards and drafts keep half-filled requests in this shape.
 */
export const jobRequestSchema = z.discriminatedUnion('type', [
  excelImportRequestSchema,
  textImportRequestSchema,
  excelExportRequestSchema
])
export type JobRequest = z.infer<typeof jobRequestSchema>
export type JobRequestInput = z.input<typeof jobRequestSchema>

/** One broken rule, with a field path a wizard can put the message next to (`data.1.virtualPath`). */
export interface RequestIssue {
  field: string
  message: string
}
export const requestIssueSchema = z.object({ field: z.string(), message: z.string() })

/** A file of a request with its role, in upload order. */
export interface RequestFile {
  field: string
  fileType: ImportFileType
  path: string
  /** Where the file goes on the server: the virtual path, or the base name. */
  serverPath: string
}

/** The base name of a local path, for Windows and POSIX paths alike. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] ?? ''
}

/**
 * Checks a virtual path and returns it in the form sent to the server (forward slashes, no `./`),
 * or the reason it is refused.
 */
export function checkVirtualPath(text: string): { ok: true; path: string } | { ok: false; message: string } {
  const refuse = (message: string) => ({ ok: false as const, message })
  const rule = 'It must be a relative path inside the job folder, such as "data.xlsx" or "assets/photo.png".'
  if (text.trim() !== text || text === '') return refuse(`Remove the spaces at the start or end of the path. ${rule}`)
  if (text.startsWith('~')) return refuse(`A path may not start with "~". ${rule}`)
  if (/^[a-z]:/i.test(text)) return refuse(`A path may not start with a drive letter. ${rule}`)
  if (text.startsWith('/') || text.startsWith('\\')) return refuse(`A path may not start with "/" or "\\". ${rule}`)
  // eslint-disable-next-line no-control-regex
  if (/[<>:"|?*\u0000-\u001f]/.test(text))
    return refuse(`A path may not contain < > : " | ? * or control characters. ${rule}`)
  const parts: string[] = []
  for (const segment of text.split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      if (parts.length === 0) return refuse(`The path leaves the job folder. ${rule}`)
      parts.pop()
      continue
    }
    if (/[. ]$/.test(segment)) return refuse(`A file or folder name may not end with a dot or a space ("${segment}").`)
    parts.push(segment)
  }
  if (parts.length === 0 || /[\\/]$/.test(text)) return refuse(`The path must name a file, not a folder. ${rule}`)
  return { ok: true, path: parts.join('/') }
}

/** The files of a request in upload order: template, data, combined, attachments (the official client's order). */
export function requestFiles(req: JobRequest): RequestFile[] {
  const out: RequestFile[] = []
  const add = (field: string, fileType: ImportFileType, f: JobFile) => {
    const v = f.virtualPath ?? ''
    const checked = v === '' ? null : checkVirtualPath(v)
    const serverPath = checked === null ? baseName(f.path) : checked.ok ? checked.path : v
    out.push({ field, fileType, path: f.path, serverPath })
  }
  if (req.template) add('template', 'Template', req.template)
  if (req.type !== 'ExcelExportJob') {
    req.data.forEach((f, i) => add(`data.${i}`, 'Data', f))
    if (req.type === 'ExcelImportJob') req.combined.forEach((f, i) => add(`combined.${i}`, 'Combined', f))
    req.attachments.forEach((f, i) => add(`attachments.${i}`, 'Attachment', f))
  }
  return out
}

const maxNameLength = 255

/**
 * Every rule the official client enforces before sending, plus a few the server would refuse later.
 * An empty list means the request can be submitted.
 */
export function validateJobRequest(req: JobRequest): RequestIssue[] {
  const issues: RequestIssue[] = []
  const add = (field: string, message: string) => issues.push({ field, message })

  if (req.name.trim() === '') add('name', 'Enter a name for the job.')
  else if (req.name.length > maxNameLength) add('name', `The name is too long: at most ${maxNameLength} characters.`)
  if (req.scheduledExecutionDate != null && normaliseServerDate(req.scheduledExecutionDate) === null) {
    add('scheduledExecutionDate', 'Enter a valid date and time, or leave it empty to run as soon as possible.')
  }

  const files = requestFiles(req)
  for (const f of files) {
    if (f.path.trim() === '') add(`${f.field}.path`, 'Choose a file.')
  }

  if (req.type === 'ExcelImportJob') {
    const hasTemplate = !!req.template
    const hasData = req.data.length > 0
    if (req.combined.length > 0) {
      if (hasTemplate || hasData) {
        const field = hasTemplate ? 'template' : 'data'
        add(
          field,
          'Use either combined files, or a template with data files, not both. Remove the combined files or the template and data files.'
        )
      }
    } else if (!hasTemplate || !hasData) {
      add(
        !hasTemplate ? 'template' : 'data',
        !hasTemplate && !hasData
          ? 'Add a combined file, or a template and at least one data file.'
          : !hasTemplate
            ? 'Add a template for the data files, or use combined files instead.'
            : 'Add at least one data file for the template.'
      )
    }
  } else if (req.type === 'TextImportJob') {
    if (!req.template) add('template', 'Add a text import template.')
    if (req.data.length === 0) add('data', 'Add at least one data file.')
  } else {
    if (!req.template) add('template', 'Add an Excel export template.')
    if (req.databaseKey.trim() === '') add('databaseKey', 'Enter the database key, such as MI_Training.')
    if (req.records.length === 0) add('records', 'Add at least one record to export.')
    req.records.forEach((r, i) => {
      if (!Number.isSafeInteger(r.historyIdentity) || r.historyIdentity <= 0) {
        add(`records.${i}.historyIdentity`, 'A record history identity is a whole number greater than 0.')
      }
      if (r.version != null && (!Number.isSafeInteger(r.version) || r.version <= 0)) {
        add(
          `records.${i}.version`,
          'A record version is a whole number greater than 0, or empty for the latest version.'
        )
      }
    })
  }

  // Virtual paths, then uniqueness of where each file lands on the server.
  const seen = new Map<string, RequestFile>()
  for (const f of files) {
    const source = fileOf(req, f.field)
    const v = source?.virtualPath ?? ''
    if (v !== '') {
      const checked = checkVirtualPath(v)
      if (!checked.ok) {
        add(`${f.field}.virtualPath`, checked.message)
        continue
      }
    }
    if (f.serverPath === '') continue
    // The server stores files on Windows: names differing only in case land in the same place.
    const key = f.serverPath.toLowerCase()
    const first = seen.get(key)
    if (first) {
      add(
        `${f.field}.${v !== '' ? 'virtualPath' : 'path'}`,
        `Two files would both be "${f.serverPath}" in the job folder (this one and the ${describeField(first.field)}). File paths in one job must be unique: give one of them a different path.`
      )
    } else {
      seen.set(key, f)
    }
  }
  return issues
}

function fileOf(req: JobRequest, field: string): JobFile | undefined {
  if (field === 'template') return req.template ?? undefined
  const [list, index] = field.split('.')
  const i = Number(index)
  if (req.type === 'ExcelExportJob') return undefined
  if (list === 'data') return req.data[i]
  if (list === 'attachments') return req.attachments[i]
  if (list === 'combined' && req.type === 'ExcelImportJob') return req.combined[i]
  return undefined
}

function describeField(field: string): string {
  if (field === 'template') return 'template'
  const [list, index] = field.split('.')
  const n = Number(index) + 1
  const names: Record<string, string> = { data: 'data file', combined: 'combined file', attachments: 'attachment' }
  return `${names[list ?? ''] ?? 'file'} ${n}`
}

// ---------------------------------------------------------------------------------------------- create-job body

/** The create-job body exactly as the Server API takes it (GsaCreateJobRequest). */
export interface CreateJobBody {
  name: string
  description: string | null
  type: JobType
  scheduledExecutionDate: string | null
  inputFileIds: string[]
  parameters: string
}

export interface ImportParameter {
  fileType: ImportFileType
  filePath: string
}

export interface ExportParameters {
  DatabaseKey: string
  InputRecords: { RecordHistoryIdentity: number; RecordVersion: number | null }[]
  TemplateFileName: string
}

/**
 * Serialises a valid request. `fileIds[i]` is the id the server gave the i-th file of `requestFiles(req)`.
 * Throws when the counts differ: that is a programming error, not a user's.
 */
export function toCreateJobBody(req: JobRequest, fileIds: readonly string[]): CreateJobBody {
  const files = requestFiles(req)
  if (files.length !== fileIds.length) {
    throw new Error(`toCreateJobBody: ${files.length} files but ${fileIds.length} file ids`)
  }
  let parameters: string
  if (req.type === 'ExcelExportJob') {
    const template = files[0]
    if (!template) throw new Error('toCreateJobBody: an export needs its template')
    const p: ExportParameters = {
      DatabaseKey: req.databaseKey.trim(),
      InputRecords: req.records.map((r) => ({
        RecordHistoryIdentity: r.historyIdentity,
        RecordVersion: r.version ?? null
      })),
      TemplateFileName: template.serverPath
    }
    parameters = JSON.stringify(p)
  } else {
    const p: ImportParameter[] = files.map((f) => ({ fileType: f.fileType, filePath: f.serverPath }))
    parameters = JSON.stringify(p)
  }
  const when = req.scheduledExecutionDate ? normaliseServerDate(req.scheduledExecutionDate) : null
  return {
    name: req.name.trim(),
    description: req.description,
    type: req.type,
    scheduledExecutionDate: when,
    inputFileIds: [...fileIds],
    parameters
  }
}

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
