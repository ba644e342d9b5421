import { z } from 'zod'
import { parseClientDate } from '../dates'
import { HttpError } from '../problem'
import { createJobRequestSchema, fileTypes, jobTypes, type CreateJobRequest, type SandboxJobType } from './job-model'

/** A create request checked against the rules the official client enforces. */
export interface JobPlan {
  definition: CreateJobRequest
  name: string
  description: string | null
  type: SandboxJobType
  scheduledExecutionDate: string | null
  /** inputFileIds[i] paired with its file entry. */
  files: { uploadId: string; fileType: (typeof fileTypes)[number]; virtualPath: string }[]
  exportParameters?: {
    databaseKey: string
    records: { historyIdentity: number; version: number | null }[]
    templateFileName: string
  }
}

const importParametersSchema = z.array(z.object({ fileType: z.enum(fileTypes), filePath: z.string() }))
const positiveInt = z.number().int().positive()
const exportParametersSchema = z.object({
  DatabaseKey: z.string().min(1),
  InputRecords: z
    .array(z.object({ RecordHistoryIdentity: positiveInt, RecordVersion: positiveInt.nullable().optional() }))
    .min(1),
  TemplateFileName: z.string().min(1)
})

/** Relative, not starting with `~`, not leaving its folder; normalised to forward slashes. */
export function safeRelativePath(path: string): string | undefined {
  const p = path.replace(/\\/g, '/')
  if (p === '' || p.startsWith('/') || p.startsWith('~') || /^[a-zA-Z]:/.test(p)) return undefined
  const parts: string[] = []
  for (const segment of p.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      if (parts.length === 0) return undefined
      parts.pop()
    } else {
      if (segment.includes(':')) return undefined
      parts.push(segment)
    }
  }
  return parts.length ? parts.join('/') : undefined
}

const issueText = (e: z.ZodError): string =>
  e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')

export function planJob(body: unknown): JobPlan {
  const parsed = createJobRequestSchema.safeParse(body)
  if (!parsed.success) throw new HttpError(400, `The job request is not valid: ${issueText(parsed.error)}`)
  const definition = parsed.data
  const name = definition.name?.trim()
  if (!name) throw new HttpError(400, 'The job needs a name.')
  const type = jobTypes.find((t) => t === definition.type)
  if (!type) throw new HttpError(400, `Unknown job type "${definition.type ?? ''}". Use one of ${jobTypes.join(', ')}.`)
  let scheduledExecutionDate: string | null = null
  if (definition.scheduledExecutionDate) {
    const date = parseClientDate(definition.scheduledExecutionDate)
    if (!date)
      throw new HttpError(
        400,
        `scheduledExecutionDate "${definition.scheduledExecutionDate}" is not an ISO 8601 date-time.`
      )
    scheduledExecutionDate = date.toISOString()
  }
  const ids = definition.inputFileIds ?? []
  if (new Set(ids).size !== ids.length) throw new HttpError(400, 'inputFileIds lists the same file twice.')
  let params: unknown
  try {
    params = JSON.parse(definition.parameters ?? '')
  } catch {
    throw new HttpError(400, 'parameters must be a JSON string.')
  }
  const base = { definition, name, description: definition.description ?? null, type, scheduledExecutionDate }
  return type === 'ExcelExportJob' ? planExport(base, ids, params) : planImport(base, ids, params)
}

type Base = Omit<JobPlan, 'files' | 'exportParameters'>

function planExport(base: Base, ids: string[], params: unknown): JobPlan {
  const parsed = exportParametersSchema.safeParse(params)
  if (!parsed.success) throw new HttpError(400, `The export parameters are not valid: ${issueText(parsed.error)}`)
  if (ids.length !== 1 || !ids[0])
    throw new HttpError(400, 'An Excel export needs exactly one template file in inputFileIds.')
  const p = parsed.data
  // The official client sends the template's local path here when it was given a string; only the name counts.
  const templateFileName = p.TemplateFileName.split(/[\\/]/).pop() ?? ''
  if (!safeRelativePath(templateFileName))
    throw new HttpError(400, `The template file name "${p.TemplateFileName}" is not usable.`)
  return {
    ...base,
    files: [{ uploadId: ids[0], fileType: 'Template', virtualPath: templateFileName }],
    exportParameters: {
      databaseKey: p.DatabaseKey,
      records: p.InputRecords.map((r) => ({
        historyIdentity: r.RecordHistoryIdentity,
        version: r.RecordVersion ?? null
      })),
      templateFileName
    }
  }
}

function planImport(base: Base, ids: string[], params: unknown): JobPlan {
  const parsed = importParametersSchema.safeParse(params)
  if (!parsed.success) throw new HttpError(400, `The import parameters are not valid: ${issueText(parsed.error)}`)
  const entries = parsed.data
  if (entries.length !== ids.length) {
    throw new HttpError(400, `parameters lists ${entries.length} file(s) but inputFileIds has ${ids.length}.`)
  }
  const unsafe = entries.filter((e) => !safeRelativePath(e.filePath)).map((e) => e.filePath)
  if (unsafe.length) throw new HttpError(400, `These file paths are not safe relative paths: ${unsafe.join(', ')}`)
  const files = entries.map((e, i) => ({
    uploadId: ids[i] ?? '',
    fileType: e.fileType,
    virtualPath: safeRelativePath(e.filePath) ?? ''
  }))
  const seen = new Set<string>()
  for (const f of files) {
    const key = f.virtualPath.toLowerCase()
    if (seen.has(key)) throw new HttpError(400, `Two files use the same path: ${f.virtualPath}`)
    seen.add(key)
  }
  const count = (t: string) => files.filter((f) => f.fileType === t).length
  const [templates, data, combined] = [count('Template'), count('Data'), count('Combined')]
  if (base.type === 'TextImportJob') {
    if (templates !== 1 || data < 1 || combined > 0) {
      throw new HttpError(400, 'A text import needs one template and at least one data file (attachments optional).')
    }
  } else if (!(combined > 0 && templates === 0 && data === 0) && !(combined === 0 && templates === 1 && data >= 1)) {
    throw new HttpError(
      400,
      'An Excel import needs either combined files only, or one template and at least one data file.'
    )
  }
  return { ...base, files }
}
