import { z } from 'zod'
import { jobStatuses, jobTypes, type Job, type JobDefinition } from '../../common/domain'
import { bounds } from './bounds'
import { isPlainGsaJob } from './gsa-job-shape'
import { readEach } from './tolerant'
import { decodeJobOutput, normaliseServerDate, parseJobSummary } from './wire'

/*
 * Runtime schemas for the Server API's answers, from jobqueue-openapi.json (components.schemas.Gsa*).
 * Unknown extra fields are dropped, not refused: a newer server may add some. Fields the official client
 * relies on are required even where the spec says nullable (see granta-api/README.md, "GsaJob").
 */

export { bounds } from './bounds'

const serverDate = z.string().transform((s, ctx) => {
  const iso = normaliseServerDate(s)
  if (iso === null) {
    ctx.addIssue({ code: 'custom', message: `"${s.slice(0, 40)}" is not a date and time` })
    return z.NEVER
  }
  return iso
})
const optionalDate = serverDate
  .nullable()
  .optional()
  .transform((v) => v ?? null)
const stringList = z
  .array(z.string().max(bounds.id))
  .max(bounds.files)
  .nullable()
  .optional()
  .transform((v) => v ?? [])

/**
 * GsaJob, read tolerantly: only an id (a non-empty string) and the submission date are required; an unknown type or
 * status becomes "Other" with the server's word, and empty text is kept. Kept free of per-field transforms: this
 * schema runs 10,000 times for a full queue, and zod's fast path only applies to plain shapes. Dates are checked and
 * normalised once, in `toJob`.
 */
export const gsaJobSchema = z.object({
  id: z.string().min(1, 'must not be empty').max(bounds.id),
  name: z.string().nullish(),
  description: z.string().nullish(),
  type: z.string().max(bounds.word).nullish(),
  status: z.string().max(bounds.word).nullish(),
  submitterName: z.string().max(bounds.userName).nullish(),
  submitterRoles: z.array(z.string().max(bounds.word)).max(bounds.roles).nullish(),
  submissionDate: z.string().max(bounds.date),
  scheduledExecutionDate: z.string().max(bounds.date).nullish(),
  executionDate: z.string().max(bounds.date).nullish(),
  completionDate: z.string().max(bounds.date).nullish(),
  position: z.number().int().nullish(),
  inputFileIds: z.array(z.string().max(bounds.id)).max(bounds.files).nullish(),
  outputFileNames: z.array(z.string().max(bounds.fileName)).max(bounds.files).nullish(),
  jobSpecificOutputs: z.record(z.string(), z.unknown()).nullish()
})
export type GsaJob = z.output<typeof gsaJobSchema>

const dotnetMinDate = '0001-01-01T00:00:00.000Z'
const dateFields = ['submissionDate', 'scheduledExecutionDate', 'executionDate', 'completionDate'] as const

function known<T extends string>(values: readonly T[], word: string | null | undefined): T | null {
  return word != null && (values as readonly string[]).includes(word) ? (word as T) : null
}

/**
 * The domain Job from a parsed GsaJob: dates normalised to ISO UTC, outputs decoded, summary read.
 * Reports a bad date through `badDate` (field name) and returns null.
 */
export function toJob(w: GsaJob, badDate: (field: string, value: string) => void): Job | null {
  const dates: Record<(typeof dateFields)[number], string | null> = {
    submissionDate: null,
    scheduledExecutionDate: null,
    executionDate: null,
    completionDate: null
  }
  for (const field of dateFields) {
    const value = w[field]
    if (value === null || value === undefined) continue
    const iso = normaliseServerDate(value)
    if (iso === null) {
      badDate(field, value)
      return null
    }
    // .NET writes an unset DateTime as its minimum value: an optional date that is not there.
    dates[field] = iso === dotnetMinDate && field !== 'submissionDate' ? null : iso
  }
  const outputs: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(w.jobSpecificOutputs ?? {})) outputs[k] = decodeJobOutput(v)
  const type = known(jobTypes, w.type) ?? 'Other'
  const status = known(jobStatuses, w.status) ?? 'Other'
  return {
    id: w.id,
    name: w.name ?? '',
    description: w.description ?? null,
    type,
    otherType: type === 'Other' ? (w.type ?? null) : null,
    status,
    otherStatus: status === 'Other' ? (w.status ?? null) : null,
    submitterName: w.submitterName ?? '',
    submitterRoles: w.submitterRoles ?? [],
    submissionDate: dates.submissionDate ?? '',
    scheduledExecutionDate: dates.scheduledExecutionDate,
    executionDate: dates.executionDate,
    completionDate: dates.completionDate,
    position: w.position ?? null,
    inputFileIds: w.inputFileIds ?? [],
    outputFileNames: w.outputFileNames ?? [],
    outputs,
    summary: parseJobSummary(type, outputs)
  }
}

const notADate = (value: string) => `"${value.slice(0, 40)}" is not a date and time`

export const jobFromWire = gsaJobSchema.transform((w, ctx): Job => {
  const job = toJob(w, (field, value) =>
    ctx.addIssue({ code: 'custom', path: [field], message: notADate(value), input: value })
  )
  return job ?? z.NEVER
})

/** A job in plain shape with good dates, read without zod's copy; anything else goes through `jobFromWire`. */
export function readPlainJob(raw: unknown): Job | undefined {
  if (!isPlainGsaJob(raw)) return undefined
  let bad = false
  const job = toJob(raw, () => (bad = true))
  return bad || job === null ? undefined : job
}

/** GsaGetJobsResponse: read job by job; a job the app cannot use is skipped and reported, never fatal to the rest. */
export const gsaGetJobsResponseSchema = z
  .object({
    totalResultCount: z.number().int().nonnegative().optional(),
    // Required (null allowed, as the spec says): an answer without it is not a job list at all.
    results: z.array(z.unknown()).max(bounds.jobs).nullable()
  })
  .transform((r) => {
    const { values, skipped } = readEach(r.results ?? [], jobFromWire, 'results', readPlainJob)
    return { totalResultCount: r.totalResultCount ?? values.length + skipped.length, results: values, skipped }
  })

/**
 * GsaCurrentUser. A flag the server leaves out is false: the app then offers less, never more, than the user may do.
 */
export const gsaCurrentUserSchema = z.object({
  username: z.string().max(bounds.userName).catch(''),
  isAdmin: z.boolean().catch(false),
  hasWriteAccess: z.boolean().catch(false)
})

const clamped = (min: number, max: number, fallback: number) =>
  z
    .number()
    .catch(fallback)
    .transform((n) => Math.round(Math.min(max, Math.max(min, n))))

const day = 24 * 3600_000

/** GsaProcessingConfig, each value clamped to sane bounds (missing or odd values take the server's default). */
export const gsaProcessingConfigSchema = z.object({
  purgeJobAgeInMilliseconds: clamped(0, 3650 * day, 30 * day),
  purgeIntervalInMilliseconds: clamped(60_000, 365 * day, day),
  pollingIntervalInMilliseconds: clamped(1_000, day, 10_000),
  concurrency: clamped(1, 64, 1)
})

/** GsaMiVersion */
export const gsaMiVersionSchema = z.object({
  version: z
    .string()
    .max(bounds.word)
    .regex(/^\d+(\.\d+)+$/, 'must be dotted numbers such as 25.2.0.0'),
  majorMinorVersion: z.string().max(bounds.word).optional(),
  binaryCompatibilityVersion: z.string().max(bounds.word).optional()
})

/** GsaGetJobsSummaryResponse */
export const gsaJobsSummarySchema = z.object({
  jobs: z
    .array(
      z.object({
        jobType: z
          .string()
          .max(bounds.word)
          .nullable()
          .optional()
          .transform((v) => v ?? null),
        status: z
          .string()
          .max(bounds.word)
          .nullable()
          .optional()
          .transform((v) => v ?? null)
      })
    )
    .max(bounds.jobs)
    .nullable()
    .optional()
    .transform((v) => v ?? [])
})

/** An outputs list: read name by name; an entry that is not a file name is skipped and reported. */
export const outputNamesSchema = z
  .array(z.unknown())
  .max(bounds.files)
  .transform((list) => {
    const { values, skipped } = readEach(list, z.string().min(1, 'must not be empty').max(bounds.fileName), 'outputs')
    return { names: values, skipped }
  })
export const deletedIdsSchema = z.array(z.string().max(bounds.id)).max(bounds.jobs)

const importParametersSchema = z.array(z.object({ fileType: z.string(), filePath: z.string() }))
const exportParametersSchema = z.object({
  DatabaseKey: z.string(),
  InputRecords: z.array(
    z.object({ RecordHistoryIdentity: z.number(), RecordVersion: z.number().nullable().optional() })
  ),
  TemplateFileName: z.string()
})

/** GsaCreateJobRequest, as `retrieve-definition` returns it, with `parameters` decoded where possible. */
export const gsaJobDefinitionSchema = z
  .object({
    name: z
      .string()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    description: z
      .string()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    type: z
      .string()
      .nullable()
      .optional()
      .transform((v) => (v == null ? null : (known(jobTypes, v) ?? 'Other'))),
    scheduledExecutionDate: optionalDate,
    inputFileIds: stringList,
    parameters: z
      .string()
      .nullable()
      .optional()
      .transform((v) => v ?? null)
  })
  .transform((d): JobDefinition => {
    const decoded = d.parameters === null ? null : decodeJobOutput(d.parameters)
    const files = importParametersSchema.safeParse(decoded)
    const exp = exportParametersSchema.safeParse(decoded)
    return {
      ...d,
      files: files.success ? files.data : null,
      export: exp.success
        ? {
            databaseKey: exp.data.DatabaseKey,
            records: exp.data.InputRecords.map((r) => ({
              historyIdentity: r.RecordHistoryIdentity,
              version: r.RecordVersion ?? null
            })),
            templateFileName: exp.data.TemplateFileName
          }
        : null
    }
  })
