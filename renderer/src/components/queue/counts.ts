import {
  effectiveStatus,
  effectiveStatusLabels,
  effectiveStatuses,
  jobStatuses,
  type EffectiveStatus,
  type Job
} from '../../../../common/domain'
import type { QueueStatusCounts } from '../../../../common/queue'
import { plural } from '../../../../common/format'
import { serverStatusOf, serverStatusPhrase } from '../../../../common/status-words'

/**
 * Jobs per shown status, for the count chips. The whole queue's counts come from the metrics endpoint, which
 * knows only the server's statuses: it cannot tell Scheduled from Pending nor Completed with errors from
 * Succeeded. Those are counted from the listed jobs, and say so when the list is not the whole queue.
 */
export interface ShownCounts {
  byStatus: Record<EffectiveStatus, number>
  total: number
  /** How many jobs the list holds. */
  listed: number
  /** The chips counted from the list although it is not the whole queue. */
  fromList: readonly EffectiveStatus[]
  /** The whole queue's counts by server status, when the list is not the whole queue. */
  server: QueueStatusCounts | null
}

const zero = (): Record<EffectiveStatus, number> =>
  Object.fromEntries(effectiveStatuses.map((s) => [s, 0])) as Record<EffectiveStatus, number>

/** The shown statuses the metrics endpoint cannot split from another. */
const split: readonly EffectiveStatus[] = ['Scheduled', 'CompletedWithErrors']
/** The part of a status's server status that only the list tells apart: Scheduled for Pending. */
const splitPart = (status: EffectiveStatus) =>
  split.find((s) => s !== status && serverStatusOf[s] === serverStatusOf[status])

/** `whole`: the list is the whole queue; `server`: the whole queue's counts (null until main knows them). */
export function shownCounts(
  listed: readonly Job[],
  now: Date,
  server: QueueStatusCounts | null,
  whole: boolean
): ShownCounts {
  const fromList = zero()
  for (const job of listed) fromList[effectiveStatus(job, now)]++
  if (whole || !server) {
    const partial = whole ? [] : effectiveStatuses
    return { byStatus: fromList, total: listed.length, listed: listed.length, fromList: partial, server: null }
  }
  const byStatus = zero()
  let known = 0
  for (const s of effectiveStatuses) {
    const base = serverStatusOf[s]
    if (base === 'Other') continue
    // A server status less its part that only the list can tell apart (Pending less Scheduled).
    const part = splitPart(s)
    byStatus[s] = split.includes(s) ? fromList[s] : Math.max(0, server[base] - (part ? fromList[part] : 0))
  }
  for (const s of jobStatuses) known += server[s]
  byStatus.Other = Math.max(0, server.total - known)
  return { byStatus, total: server.total, listed: listed.length, fromList: split, server }
}

/** The chip's hint when its number is not simply the whole queue's: where it comes from. */
export function countHint(counts: ShownCounts, status: EffectiveStatus): string | null {
  if (counts.fromList.includes(status)) return `from ${counts.listed} listed`
  return null
}

/** The chip's tooltip: what a click does, and where its number comes from when it is not simply the queue's. */
export function countTitle(counts: ShownCounts, status: EffectiveStatus, pressed: boolean): string {
  const label = effectiveStatusLabels[status]
  const click = pressed ? 'Show all statuses.' : `Show only ${label} jobs.`
  const base = serverStatusOf[status]
  const server =
    counts.server && base !== 'Other' ? `${counts.server[base]} ${serverStatusPhrase(base).toLowerCase()}` : null
  if (counts.fromList.includes(status)) {
    const whole = server ? ` The server counts ${server} in all.` : ''
    return `${label}: counted from the ${plural(counts.listed, 'listed job')} only.${whole} ${click}`
  }
  const part = splitPart(status)
  if (server && part)
    return `${label}: the server's ${server}, less the ${effectiveStatusLabels[part]} listed. ${click}`
  return click
}
