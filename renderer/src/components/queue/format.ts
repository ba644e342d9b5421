export { durationMs } from '../../../../common/queue-view/duration'

/** Dates and durations as the queue shows them: local time in the table, UTC on hover. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateTimeLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

export function localDateTime(iso: string | null, seconds = false): string {
  if (!iso) return ''
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? '' : (seconds ? dateTimeLong : dateTime).format(ms)
}

/** `2026-11-28 13:15:02 UTC`, for the tooltip. */
export function utcDateTime(iso: string | null): string {
  if (!iso) return ''
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? '' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** "just now", "2 min ago", "3 h ago", else the local date and time. */
export function relativeTime(iso: string | null, now: Date): string {
  if (!iso) return 'never'
  const ms = now.getTime() - Date.parse(iso)
  if (Number.isNaN(ms)) return 'never'
  if (ms < 10_000) return 'just now'
  if (ms < 60_000) return `${Math.round(ms / 1000)} s ago`
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h ago`
  return localDateTime(iso)
}

const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' })
const shortDateYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' })

/** A table cell's time: "just now", "5 min ago", "3 h ago", "2 d ago", "in 20 min", else "28 Nov" (with the year when not this one). */
export function shortRelativeTime(iso: string | null, now: Date): string {
  if (!iso) return ''
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return ''
  const ms = now.getTime() - at
  const ahead = ms < 0
  const span = Math.abs(ms)
  const say = (n: number, unit: string) => (ahead ? `in ${n} ${unit}` : `${n} ${unit} ago`)
  if (span < 45_000) return ahead ? 'in a moment' : 'just now'
  if (span < 3_600_000) return say(Math.max(1, Math.round(span / 60_000)), 'min')
  if (span < 86_400_000) return say(Math.round(span / 3_600_000), 'h')
  if (span < 7 * 86_400_000) return say(Math.round(span / 86_400_000), 'd')
  return (new Date(at).getFullYear() === now.getFullYear() ? shortDate : shortDateYear).format(at)
}

/** The tooltip of a time: the exact local time, and UTC. */
export function exactTimes(iso: string | null): string {
  const local = localDateTime(iso, true)
  return local ? `${local}\n${utcDateTime(iso)}` : ''
}
