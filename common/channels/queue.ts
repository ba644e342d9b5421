import { z } from 'zod'
import { jobMetricsSchema, jobSchema, jobUpdateSchema, skippedItemSchema } from '../domain'
import {
  logInfoSchema,
  logMatchesSchema,
  finishedJobEventSchema,
  notificationSettingsSchema,
  queueDeltaSchema,
  queueScopeSchema,
  queueSnapshotFirstSchema,
  queueSnapshotPageSchema
} from '../queue'
import { queueExportInputSchema, queueExportResultSchema } from '../queue-export'
import { startEstimatesSchema } from '../start-estimates'

/** The live queue and the actions on jobs: `queue.*` and `jobs.*`. */
const jobId = z.string().min(1).max(200)
const fileName = z.string().min(1).max(1000)
const noInput = z.undefined()

export const queueChannels = {
  /** The whole queue; or, with `firstPage`, that many jobs first and a token for the rest (`queue.snapshotPage`). */
  'queue.snapshot': {
    input: z
      .object({ firstPage: z.number().int().min(1).max(100_000) })
      .strict()
      .optional(),
    output: queueSnapshotFirstSchema
  },
  'queue.snapshotPage': {
    input: z
      .object({
        token: z.string().min(1).max(100),
        offset: z.number().int().nonnegative(),
        limit: z.number().int().min(1).max(100_000)
      })
      .strict(),
    output: queueSnapshotPageSchema
  },
  'queue.refresh': { input: noInput, output: z.null() },
  /** The server-side part of the view's filter: the monitor lists only these jobs from now on. */
  'queue.setScope': { input: queueScopeSchema, output: z.null() },
  'queue.setVisible': { input: z.object({ visible: z.boolean() }).strict(), output: z.null() },
  /** Writes what the view shows (its filter, sort and columns; main recomputes the rows) to an xlsx or CSV file. */
  'queue.export': { input: queueExportInputSchema, output: queueExportResultSchema },
  /** When each Pending job should start (an estimate from the server's concurrency and recent run times). */
  'queue.startEstimates': { input: noInput, output: startEstimatesSchema },
  /** The median run and wait times of a job type's recent runs; null when none is known. */
  'jobs.typicalTimes': {
    input: z.object({ type: z.string().min(1).max(200) }).strict(),
    output: z.object({ medianRunMs: z.number().nullable(), medianWaitMs: z.number().nullable() })
  },
  'queue.getSettings': { input: noInput, output: notificationSettingsSchema },
  'queue.setSettings': { input: notificationSettingsSchema.strict(), output: notificationSettingsSchema },
  'jobs.get': { input: z.object({ id: jobId }).strict(), output: jobSchema },
  'jobs.update': { input: z.object({ id: jobId, changes: jobUpdateSchema.strict() }).strict(), output: jobSchema },
  'jobs.cancel': { input: z.object({ id: jobId }).strict(), output: jobSchema },
  'jobs.moveToTop': { input: z.object({ id: jobId }).strict(), output: z.null() },
  'jobs.resubmit': {
    input: z.object({ ids: z.array(jobId).min(1).max(1000) }).strict(),
    output: resubmitResultSchema()
  },
  'jobs.delete': {
    input: z.object({ ids: z.array(jobId).min(1).max(10_000) }).strict(),
    output: z.object({ deleted: z.array(z.string()) })
  },
  'jobs.outputs': {
    input: z.object({ id: jobId }).strict(),
    output: z.object({ names: z.array(z.string()), skipped: z.array(skippedItemSchema) })
  },
  'jobs.metrics': { input: z.object({ start: z.string().min(1).max(64) }).strict(), output: jobMetricsSchema },
  'jobs.openLog': {
    input: z.object({ id: jobId, fileName, fresh: z.boolean().optional() }).strict(),
    output: logInfoSchema
  },
  'jobs.logLines': {
    input: z
      .object({ id: jobId, fileName, start: z.number().int().nonnegative(), count: z.number().int().min(1).max(5000) })
      .strict(),
    output: z.object({ start: z.number().int(), lines: z.array(z.string()) })
  },
  /** Every match of a text in the log (case-insensitive), for the viewer's "match 3 of 12". */
  'jobs.findInLog': {
    input: z.object({ id: jobId, fileName, text: z.string().min(1).max(1000) }).strict(),
    output: logMatchesSchema
  },
  /** Saves the log to a path the user chose (a save dialog's, or a typed one main lets in). */
  'jobs.saveLog': {
    input: z.object({ id: jobId, fileName, path: z.string().min(1).max(32_767) }).strict(),
    output: z.object({ path: z.string() })
  }
} as const

function resubmitResultSchema() {
  return z.object({
    jobs: z.array(jobSchema),
    failed: z.array(z.object({ id: z.string(), message: z.string() }))
  })
}

export const queueEvents = {
  'queue.delta': queueDeltaSchema,
  /** Main asks the window to open a job (a notification was clicked). */
  'queue.openJob': z.object({ jobId: z.string() }),
  /** Jobs that have just finished and notify under the user's settings (main chose them). */
  'queue.jobFinished': finishedJobEventSchema
} as const
