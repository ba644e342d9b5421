import type { AttentionReason, DraftState } from '../../../../common/drafts'

/** How a draft state looks: a tone for the badge, an icon and a word, so colour is never the only cue. */
export interface DraftLook {
  label: string
  tone: 'success' | 'warning' | 'accent' | 'done'
  icon: string
}

const looks: Record<DraftState, DraftLook> = {
  ready: { label: 'Ready', tone: 'success', icon: 'pi pi-check-circle' },
  needsAttention: { label: 'Needs attention', tone: 'warning', icon: 'pi pi-exclamation-triangle' },
  submitting: { label: 'Submitting', tone: 'accent', icon: 'pi pi-spin pi-spinner' },
  submitted: { label: 'Submitted', tone: 'done', icon: 'pi pi-send' }
}

export function draftLook(state: DraftState): DraftLook {
  return looks[state]
}

/** Reasons about files, which relinking can fix. */
export function fileReasons(reasons: AttentionReason[]): AttentionReason[] {
  return reasons.filter((r) => r.path && r.kind !== 'rule' && r.kind !== 'interrupted')
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

/** "5 minutes ago", "yesterday", or the date for anything older than a week. */
export function lastChange(iso: string, now: Date = new Date()): string {
  const then = new Date(iso)
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000)
  const abs = Math.abs(seconds)
  if (abs < 45) return 'just now'
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute')
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour')
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day')
  return then.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
}

export function fullDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** A file name for exporting a draft: its name without characters Windows refuses. */
export function exportFileName(name: string): string {
  const clean = name
    // eslint-disable-next-line no-control-regex -- Windows refuses control characters in names
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '')
  return `${clean || 'draft'}.jqdraft`
}
