import { z } from 'zod'
import { jobStatusSchema, jobTypeSchema, type Job, type JobDefinition } from '../../common/domain'
import { decodeJobOutput, normaliseServerDate, parseJobSummary } from './wire'

/*
 * Runtime schemas for the Server API's answers, from jobqueue-openapi.json (components.schemas.Gsa*).
 * Unknown extra fields are dropped, not refused: a newer server may add some. Fields the official client
 * relies on are required even where the spec says nullable (see granta-api/README.md, "GsaJob").
 */

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
const nonEmpty = z.string().min(1, 'must not be empty')
const stringList = z
  .array(z.string())
  .nullable()
  .optional()
  .transform((v) => v ?? [])

/**
 * GsaJob. Kept free of per-field transforms: this schema runs 10,000 times for a full queue, and zod's
 * fast path only applies to plain shapes. Dates are checked and normalised once, in `toJob`.
 */
export const gsaJobSchema = z.object({
  id: nonEmpty,
  name: nonEmpty,
  description: z.string().nullish(),
  type: jobTypeSchema,
  status: jobStatusSchema,
  submitterName: nonEmpty,
  submitterRoles: z.array(z.string()).min(1, 'must list at least one role'),
  submissionDate: z.string(),
  scheduledExecutionDate: z.string().nullish(),
  executionDate: z.string().nullish(),
  completionDate: z.string().nullish(),
  position: z.number().int().nullish(),
  inputFileIds: z.array(z.string()).nullish(),
  outputFileNames: z.array(z.string()).nullish(),
  jobSpecificOutputs: z.record(z.string(), z.unknown()).nullish()
})
export type GsaJob = z.output<typeof gsaJobSchema>

const dateFields = ['submissionDate', 'scheduledExecutionDate', 'executionDate', 'completionDate'] as const

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
    dates[field] = iso
  }
  const outputs: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(w.jobSpecificOutputs ?? {})) outputs[k] = decodeJobOutput(v)
  return {
    id: w.id,
    name: w.name,
    description: w.description ?? null,
    type: w.type,
    status: w.status,
    submitterName: w.submitterName,
    submitterRoles: w.submitterRoles,
    submissionDate: dates.submissionDate ?? '',
    scheduledExecutionDate: dates.scheduledExecutionDate,
    executionDate: dates.executionDate,
    completionDate: dates.completionDate,
    position: w.position ?? null,
    inputFileIds: w.inputFileIds ?? [],
    outputFileNames: w.outputFileNames ?? [],
    outputs,
    summary: parseJobSummary(w.type, outputs)
  }
}

const notADate = (value: string) => `"${value.slice(0, 40)}" is not a date and time`

export const jobFromWire = gsaJobSchema.transform((w, ctx): Job => {
  const job = toJob(w, (field, value) =>
    ctx.addIssue({ code: 'custom', path: [field], message: notADate(value), input: value })
  )
  return job ?? z.NEVER
})

/** GsaGetJobsResponse */
export const gsaGetJobsResponseSchema = z
  .object({
    totalResultCount: z.number().int(),
    results: z.array(gsaJobSchema).nullish()
  })
  .transform((r, ctx) => {
    const jobs: Job[] = []
    for (const [i, w] of (r.results ?? []).entries()) {
      const job = toJob(w, (field, value) =>
        ctx.addIssue({ code: 'custom', path: ['results', i, field], message: notADate(value), input: value })
      )
      if (!job) return z.NEVER
      jobs.push(job)
    }
    return { totalResultCount: r.totalResultCount, results: jobs }
  })

/** GsaCurrentUser: both flags always present. */
export const gsaCurrentUserSchema = z.object({
  username: z.string(),
  isAdmin: z.boolean(),
  hasWriteAccess: z.boolean()
})

/** GsaProcessingConfig */
export const gsaProcessingConfigSchema = z.object({
  purgeJobAgeInMilliseconds: z.number().int(),
  purgeIntervalInMilliseconds: z.number().int(),
  pollingIntervalInMilliseconds: z.number().int(),
  concurrency: z.number().int()
})

/** GsaMiVersion */
export const gsaMiVersionSchema = z.object({
  version: z.string().regex(/^\d+(\.\d+)+$/, 'must be dotted numbers such as 25.2.0.0'),
  majorMinorVersion: z.string().optional(),
  binaryCompatibilityVersion: z.string().optional()
})

/** GsaGetJobsSummaryResponse */
export const gsaJobsSummarySchema = z.object({
  jobs: z
    .array(
      z.object({
        jobType: z
          .string()
          .nullable()
          .optional()
          .transform((v) => v ?? null),
        status: z
          .string()
          .nullable()
          .optional()
          .transform((v) => v ?? null)
      })
    )
    .nullable()
    .optional()
    .transform((v) => v ?? [])
})

export const outputNamesSchema = z.array(z.string())
export const deletedIdsSchema = z.array(z.string())

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
    type: jobTypeSchema
      .nullable()
      .optional()
      .transform((v) => v ?? null),
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
