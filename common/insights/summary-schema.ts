import { z } from 'zod'
import { effectiveStatusSchema, jobStatusSchema, jobTypeSchema } from '../domain'

/** What the Insights page shows, computed in main from the local history (common/insights/summary.ts). */
const dayKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

export const perDaySchema = z.object({
  /** Local calendar days, oldest first. */
  days: z.array(dayKey),
  /** One series per status (or type) with a count per day, in `days` order. */
  byStatus: z.array(z.object({ status: effectiveStatusSchema, counts: z.array(z.number().int()) })),
  byType: z.array(z.object({ type: jobTypeSchema, counts: z.array(z.number().int()) }))
})

export const bucketSchema = z.object({
  /** Lower bound, inclusive, and upper bound, exclusive (null: no upper bound), in milliseconds. */
  fromMs: z.number(),
  toMs: z.number().nullable(),
  label: z.string(),
  count: z.number().int()
})

export const durationStatsSchema = z.object({
  type: jobTypeSchema,
  count: z.number().int(),
  medianMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
  buckets: z.array(bucketSchema)
})

export const failuresSchema = z.object({
  type: jobTypeSchema,
  total: z.number().int(),
  failed: z.number().int(),
  withErrors: z.number().int()
})

export const submitterSchema = z.object({ submitter: z.string(), count: z.number().int() })

export const backlogItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: jobTypeSchema,
  status: jobStatusSchema,
  submitter: z.string(),
  /** 1 = next to run; null for a running job. */
  position: z.number().int().nullable(),
  /** Milliseconds since submission (pending) or since start (running). */
  ageMs: z.number()
})

export const insightsSummarySchema = z.object({
  connectionId: z.string().nullable(),
  connectionName: z.string().nullable(),
  days: z.union([z.literal(7), z.literal(30)]),
  /** The range the charts cover, as local days `YYYY-MM-DD`, inclusive. */
  from: dayKey,
  to: dayKey,
  /** Jobs in the history submitted in the range. */
  total: z.number().int(),
  /** Jobs in the whole history (all days kept). */
  kept: z.number().int(),
  perDay: perDaySchema,
  wait: z.array(durationStatsSchema),
  run: z.array(durationStatsSchema),
  failures: z.array(failuresSchema),
  submitters: z.array(submitterSchema),
  backlog: z.array(backlogItemSchema),
  /** History rows that could not be read (reported, left out). */
  skipped: z.number().int()
})
export type InsightsSummary = z.infer<typeof insightsSummarySchema>
export type PerDay = z.infer<typeof perDaySchema>
export type DurationStats = z.infer<typeof durationStatsSchema>
export type Bucket = z.infer<typeof bucketSchema>
export type Failures = z.infer<typeof failuresSchema>
export type Submitter = z.infer<typeof submitterSchema>
export type BacklogItem = z.infer<typeof backlogItemSchema>
