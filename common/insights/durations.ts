import { jobTypeSchema, type JobType } from '../domain'
import type { HistoryJob } from './history-job'
import type { Bucket, DurationStats } from './summary-schema'

/** The median of ascending values: the middle one, or the mean of the two middle ones. */
export function median(sorted: readonly number[]): number | null {
  const n = sorted.length
  if (n === 0) return null
  const mid = Math.floor(n / 2)
  return n % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/** The nearest-rank percentile of ascending values: the value at rank ⌈p·n⌉ (so p90 of 10 values is the 9th). */
export function percentile(sorted: readonly number[], p: number): number | null {
  const n = sorted.length
  if (n === 0) return null
  return sorted[Math.min(n, Math.max(1, Math.ceil(p * n))) - 1] ?? null
}

const s = 1000
const min = 60 * s
const hour = 60 * min
/** The histogram's bucket edges: short runs and long waits both land somewhere readable. */
export const bucketEdges = [0, 10 * s, 30 * s, min, 5 * min, 15 * min, hour, 4 * hour, 24 * hour]
const edgeLabels = ['0', '10 s', '30 s', '1 min', '5 min', '15 min', '1 h', '4 h', '1 day']

export function histogram(values: readonly number[]): Bucket[] {
  return bucketEdges.map((fromMs, i) => {
    const toMs = bucketEdges[i + 1] ?? null
    const label =
      i === 0 ? `< ${edgeLabels[1]}` : toMs === null ? `≥ ${edgeLabels[i]}` : `${edgeLabels[i]} – ${edgeLabels[i + 1]}`
    const count = values.filter((v) => v >= fromMs && (toMs === null || v < toMs)).length
    return { fromMs, toMs, label, count }
  })
}

/** Median, 90th percentile and histogram per type of a duration; jobs without both ends (or negative) are left out. */
export function durationsByType(
  jobs: readonly HistoryJob[],
  span: (job: HistoryJob) => [string | null, string | null]
): DurationStats[] {
  const byType = new Map<JobType, number[]>()
  for (const job of jobs) {
    const [a, b] = span(job)
    if (!a || !b) continue
    const ms = Date.parse(b) - Date.parse(a)
    if (!(ms >= 0)) continue
    byType.set(job.type, [...(byType.get(job.type) ?? []), ms])
  }
  return jobTypeSchema.options.flatMap((type) => {
    const values = byType.get(type)?.sort((x, y) => x - y)
    if (!values) return []
    return [
      {
        type,
        count: values.length,
        medianMs: median(values),
        p90Ms: percentile(values, 0.9),
        buckets: histogram(values)
      }
    ]
  })
}

/** Submitted → started. */
export const waitSpan = (j: HistoryJob): [string | null, string | null] => [j.submitted, j.started]
/** Started → completed. */
export const runSpan = (j: HistoryJob): [string | null, string | null] => [j.started, j.completed]
