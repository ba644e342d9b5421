import { z } from 'zod'

export const jobTypes = ['ExcelImportJob', 'TextImportJob', 'ExcelExportJob'] as const
export const jobStatuses = ['Pending', 'Running', 'Succeeded', 'Failed', 'Cancelled'] as const
export const fileTypes = ['Template', 'Data', 'Combined', 'Attachment'] as const

export type SandboxJobType = (typeof jobTypes)[number]
export type SandboxJobStatus = (typeof jobStatuses)[number]

/** The create request as the client sent it, kept for `:retrieve-definition` and `:resubmit`. */
export const createJobRequestSchema = z.object({
  name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  culture: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  version: z.number().int().optional(),
  scheduledExecutionDate: z.string().nullable().optional(),
  inputFileIds: z.array(z.string()).nullable().optional(),
  parameters: z.string().nullable().optional()
})
export type CreateJobRequest = z.infer<typeof createJobRequestSchema>

export const storedFileSchema = z.object({
  fileType: z.enum(fileTypes),
  virtualPath: z.string(),
  /** Relative to the job's input folder. */
  storedName: z.string()
})
export type StoredFile = z.infer<typeof storedFileSchema>

export const outputFileSchema = z.object({
  name: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  modified: z.string()
})
export type OutputFile = z.infer<typeof outputFileSchema>

export const exportParametersSchema = z.object({
  databaseKey: z.string(),
  records: z.array(z.object({ historyIdentity: z.number().int(), version: z.number().int().nullable() })),
  templateFileName: z.string()
})

export const storedJobSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: z.enum(jobTypes),
  status: z.enum(jobStatuses),
  submitterName: z.string(),
  submitterRoles: z.array(z.string()),
  submissionDate: z.string(),
  scheduledExecutionDate: z.string().nullable(),
  executionDate: z.string().nullable(),
  completionDate: z.string().nullable(),
  inputFileIds: z.array(z.string()),
  files: z.array(storedFileSchema),
  exportParameters: exportParametersSchema.optional(),
  outputs: z.array(outputFileSchema),
  jobSpecificOutputs: z.record(z.string(), z.string()).nullable(),
  definition: createJobRequestSchema
})
export type StoredJob = z.infer<typeof storedJobSchema>

/** GsaJob as the Server API sends it. */
export interface GsaJob {
  id: string
  name: string
  description: string | null
  type: SandboxJobType
  submitterName: string
  submitterRoles: string[]
  submissionDate: string
  scheduledExecutionDate: string | null
  executionDate: string | null
  completionDate: string | null
  status: SandboxJobStatus
  inputFileIds: string[]
  outputFileNames: string[]
  position: number | null
  jobSpecificOutputs: Record<string, string>
}

export function toGsaJob(job: StoredJob, position: number | null): GsaJob {
  return {
    id: job.id,
    name: job.name,
    description: job.description,
    type: job.type,
    submitterName: job.submitterName,
    submitterRoles: job.submitterRoles,
    submissionDate: job.submissionDate,
    scheduledExecutionDate: job.scheduledExecutionDate,
    executionDate: job.executionDate,
    completionDate: job.completionDate,
    status: job.status,
    inputFileIds: job.inputFileIds,
    outputFileNames: job.outputs.map((o) => o.name),
    position,
    // The official client iterates this map without a None check, so it is never null.
    jobSpecificOutputs: job.jobSpecificOutputs ?? {}
  }
}

export const isFinished = (status: SandboxJobStatus): boolean =>
  status === 'Succeeded' || status === 'Failed' || status === 'Cancelled'
