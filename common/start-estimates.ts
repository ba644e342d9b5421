import { z } from 'zod'
import { jobTypeLabel, type Job } from './domain'

/** When a Pending job should start, as main estimates it (main/queue/start-estimates.ts). */
export const startEstimateSchema = z.object({
  jobId: z.string(),
  /** ISO time the job should start; null when a run time it depends on is unknown. */
  startAt: z.string().nullable(),
  /** Jobs that start before it: those running and those pending ahead of it. */
  ahead: z.number().int(),
  /** The type whose run time is unknown (no recent runs), when `startAt` is null. */
  unknownType: z.string().nullable()
})
export type StartEstimate = z.infer<typeof startEstimateSchema>

export const startEstimatesSchema = z.object({
  /** ISO time of the estimate. */
  at: z.string(),
  concurrency: z.number().int(),
  /** False when the list held is a filtered part of the queue: jobs outside it are not counted. */
  wholeQueue: z.boolean(),
  estimates: z.array(startEstimateSchema)
})
export type StartEstimates = z.infer<typeof startEstimatesSchema>

/** "3 ahead", or "none ahead" for the first in line. */
const aheadText = (n: number) => (n === 0 ? 'none ahead' : `${n} ahead`)

/** "about 25 min (3 ahead)", "any moment now (1 ahead)"; what is unknown is said so. */
export function startEstimateText(e: StartEstimate, now: Date): string {
  const ahead = aheadText(e.ahead)
  if (e.startAt === null) return `start unknown (${ahead})`
  const ms = Date.parse(e.startAt) - now.getTime()
  if (ms < 60_000) return `any moment now (${ahead})`
  const min = Math.round(ms / 60_000)
  if (min < 90) return `about ${min} min (${ahead})`
  const h = Math.round(ms / 360_000) / 10
  return `about ${h} h (${ahead})`
}

/** The queue's Status cell: "~25 min · 3 ahead", "any moment · 1 ahead", "no estimate · 2 ahead". */
export function startEstimateShort(e: StartEstimate, now: Date): string {
  if (e.startAt === null) return `no estimate · ${aheadText(e.ahead)}`
  const ms = Date.parse(e.startAt) - now.getTime()
  const when =
    ms < 60_000
      ? 'any moment'
      : ms < 90 * 60_000
        ? `~${Math.round(ms / 60_000)} min`
        : `~${Math.round(ms / 360_000) / 10} h`
  return `${when} · ${aheadText(e.ahead)}`
}

/** The tooltip and accessible name: what the estimate is and what it comes from. */
export function startEstimateTitle(e: StartEstimate, set: Pick<StartEstimates, 'concurrency' | 'wholeQueue'>): string {
  const from = e.ahead === 0 ? 'with no jobs ahead' : `from the ${e.ahead} ${e.ahead === 1 ? 'job' : 'jobs'} ahead`
  const base = `Estimated start, ${from}, ${set.concurrency} at a time, and recent run times`
  const partial = set.wholeQueue ? '' : ' (only the jobs listed for these filters are counted)'
  if (e.startAt === null)
    return `${base}${partial}. No estimate: no recent runs of ${e.unknownType ? labelOf(e.unknownType) : 'a job type'} ahead.`
  return `${base}${partial}: ${new Date(e.startAt).toLocaleString()}`
}

const labelOf = (type: string) => {
  const known = ['ExcelImportJob', 'ExcelExportJob', 'TextImportJob'] as const
  return (known as readonly string[]).includes(type)
    ? `${jobTypeLabel({ type: type as Job['type'], otherType: null }).toLowerCase()} jobs`
    : `${type} jobs`
}
