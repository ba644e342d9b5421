import { z } from 'zod'
import { isoDateSchema, isoUtc, type ImportFileType, type KnownJobType } from './domain'

/*
 * A job request as wizards and drafts hold it, the rules it must follow before it is sent, and the
 * create-job body it becomes.
 */

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
  if (req.scheduledExecutionDate != null && isoUtc(req.scheduledExecutionDate) === null) {
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
  type: KnownJobType
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
  const when = req.scheduledExecutionDate ? isoUtc(req.scheduledExecutionDate) : null
  return {
    name: req.name.trim(),
    description: req.description,
    type: req.type,
    scheduledExecutionDate: when,
    inputFileIds: [...fileIds],
    parameters
  }
}
