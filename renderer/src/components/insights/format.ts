/** Durations and days as the Insights page writes them. */

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—'
  const s = ms / 1000
  if (s < 60) return `${Math.round(s)} s`
  const min = s / 60
  if (min < 60) return `${min < 10 ? Math.round(min * 10) / 10 : Math.round(min)} min`
  const h = min / 60
  if (h < 24) return `${Math.round(h * 10) / 10} h`
  return `${Math.round((h / 24) * 10) / 10} d`
}

/** `2026-11-28` → "Sat 28 Nov" (the day as written, whatever the time zone). */
export function dayLabel(day: string, locale?: string): string {
  const [y, m, d] = day.split('-').map(Number)
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1))
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    date
  )
}
