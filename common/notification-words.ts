import { effectiveStatusLabels } from './domain'
import type { FinishedJobEvent } from './queue'

/*
 * The words of a notification about finished jobs, one or several: "Nightly import: Completed with errors",
 * "3 jobs finished, 1 failed", "2 jobs failed". Status words come from the one vocabulary (domain.ts, status-words.ts). Pure.
 */

type Finished = Pick<FinishedJobEvent, 'name' | 'statusLabel' | 'outcome'>

/** The headline: one job names itself and its status; several are counted, with their failures and cancellations. */
export function finishedTitle(events: readonly Finished[]): string {
  const [first] = events
  if (!first) return ''
  if (events.length === 1) return `${first.name}: ${first.statusLabel}`
  const failed = events.filter((e) => e.outcome === 'failed').length
  const cancelled = events.filter((e) => e.outcome === 'cancelled').length
  if (failed === events.length) return `${events.length} jobs ${effectiveStatusLabels.Failed.toLowerCase()}`
  if (cancelled === events.length) return `${events.length} jobs ${effectiveStatusLabels.Cancelled.toLowerCase()}`
  const parts = [`${events.length} jobs finished`]
  if (failed) parts.push(`${failed} ${effectiveStatusLabels.Failed.toLowerCase()}`)
  if (cancelled) parts.push(`${cancelled} ${effectiveStatusLabels.Cancelled.toLowerCase()}`)
  return parts.join(', ')
}

/** The worst outcome among them, for the notification's tone: a failure shows as an error and stays longer. */
export function finishedTone(events: readonly Pick<FinishedJobEvent, 'outcome'>[]): 'success' | 'warn' | 'error' {
  if (events.some((e) => e.outcome === 'failed')) return 'error'
  if (events.some((e) => e.outcome === 'cancelled')) return 'warn'
  return 'success'
}
