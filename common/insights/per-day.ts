import { jobTypeSchema, type EffectiveStatus, type JobType } from '../domain'
import type { HistoryJob } from './history-job'
import { historyStatus, statusOrder } from './history-status'
import type { PerDay } from './summary-schema'

/** Jobs submitted each local day, by status and by type; series that stay at zero are left out. */
export function perDay(
  jobs: readonly HistoryJob[],
  days: readonly string[],
  dayOf: (ms: number) => string,
  now: Date
): PerDay {
  const index = new Map(days.map((d, i) => [d, i]))
  const byStatus = new Map<EffectiveStatus, number[]>()
  const byType = new Map<JobType, number[]>()
  const bump = <K>(map: Map<K, number[]>, key: K, i: number) => {
    const counts = map.get(key) ?? days.map(() => 0)
    counts[i] = (counts[i] ?? 0) + 1
    map.set(key, counts)
  }
  for (const job of jobs) {
    const i = index.get(dayOf(Date.parse(job.submitted)))
    if (i === undefined) continue
    bump(byStatus, historyStatus(job, now), i)
    bump(byType, job.type, i)
  }
  return {
    days: [...days],
    byStatus: statusOrder.flatMap((status) => {
      const counts = byStatus.get(status)
      return counts ? [{ status, counts }] : []
    }),
    byType: jobTypeSchema.options.flatMap((type) => {
      const counts = byType.get(type)
      return counts ? [{ type, counts }] : []
    })
  }
}
