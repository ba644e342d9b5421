import type { Job } from '../../common/domain'
import type { OpenTarget } from '../../common/open-target'
import type { QueueStatusCounts } from '../../common/queue'

/** What the tray says about the queue: jobs running and pending on the server, and the user's failed jobs. */
export interface TraySummary {
  running: number
  pending: number
  myFailed: number
}

/** What the tray is built from: the session and the queue monitor's view (main/queue/monitor.ts `peek`). */
export interface TrayInput {
  connectionName: string | null
  username: string | null
  counts: QueueStatusCounts | null
  jobs: readonly Job[]
}

export type TrayAction = { kind: 'show' } | { kind: 'open'; target: OpenTarget } | { kind: 'quit' }

export type TrayMenuItem =
  { type: 'separator' } | { type: 'label'; label: string } | { type: 'action'; label: string; action: TrayAction }

/** Windows cuts a tray tooltip at 127 characters. */
const TOOLTIP_MAX = 127

/** Running and pending across the queue (the monitor's counts); failed among the user's jobs it holds. */
export function traySummary(input: TrayInput): TraySummary | null {
  if (!input.connectionName || !input.counts) return null
  const myFailed = input.username
    ? input.jobs.filter((j) => j.status === 'Failed' && j.submitterName === input.username).length
    : 0
  return { running: input.counts.Running, pending: input.counts.Pending, myFailed }
}

export function summaryLines(s: TraySummary): string[] {
  return [`${s.running} running`, `${s.pending} pending`, `${s.myFailed} of mine failed`]
}

export function trayTooltip(input: TrayInput): string {
  const s = traySummary(input)
  const text = !input.connectionName
    ? 'JobQueue Desktop — not connected'
    : !s
      ? `JobQueue Desktop — ${input.connectionName}`
      : `JobQueue Desktop — ${input.connectionName}\n${summaryLines(s).join(' · ')}`
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`
}

/** The tray's context menu: the summary (as labels), then the quick actions. */
export function trayMenu(input: TrayInput): TrayMenuItem[] {
  const s = traySummary(input)
  const head: TrayMenuItem[] = !input.connectionName
    ? [{ type: 'label', label: 'Not connected' }]
    : [
        { type: 'label', label: input.connectionName },
        ...(s ? summaryLines(s) : ['Reading the queue…']).map((label): TrayMenuItem => ({ type: 'label', label }))
      ]
  return [
    ...head,
    { type: 'separator' },
    { type: 'action', label: 'Show JobQueue Desktop', action: { kind: 'show' } },
    { type: 'action', label: 'New job', action: { kind: 'open', target: 'new' } },
    { type: 'action', label: 'Downloads', action: { kind: 'open', target: 'downloads' } },
    { type: 'separator' },
    { type: 'action', label: 'Quit', action: { kind: 'quit' } }
  ]
}
