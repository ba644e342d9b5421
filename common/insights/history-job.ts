import { z } from 'zod'
import { isoDateSchema, jobStatusSchema, jobTypeSchema } from '../domain'

/** One job as the local history keeps it: what the statistics need, nothing more. Dates are ISO UTC. */
export const historyJobSchema = z.object({
  id: z.string().min(1),
  type: jobTypeSchema,
  otherType: z.string().nullable(),
  submitter: z.string(),
  /** The server's status; `withErrors` marks a Succeeded job whose summary reports errors. */
  status: jobStatusSchema,
  otherStatus: z.string().nullable(),
  withErrors: z.boolean(),
  name: z.string(),
  submitted: isoDateSchema,
  scheduled: isoDateSchema.nullable(),
  /** The server's `executionDate`. */
  started: isoDateSchema.nullable(),
  /** The server's `completionDate`. */
  completed: isoDateSchema.nullable(),
  lastSeen: isoDateSchema
})
export type HistoryJob = z.infer<typeof historyJobSchema>
