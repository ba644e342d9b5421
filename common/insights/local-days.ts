/** Local calendar days (`YYYY-MM-DD`) in the user's time zone, as Intl knows it: DST-proof, no Node needed. */

/** The local day of an instant; an unknown time zone falls back to the runtime's own. */
export function dayFormatter(timeZone?: string): (ms: number) => string {
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
  } catch {
    format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' })
  }
  return (ms) => {
    const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]))
    return `${parts.year}-${parts.month}-${parts.day}`
  }
}

/** `count` days ending with `today`, oldest first (calendar arithmetic on the day, not on hours). */
export function daysEnding(today: string, count: number): string[] {
  const [y, m, d] = today.split('-').map(Number)
  const out: string[] = []
  for (let i = count - 1; i >= 0; i--)
    out.push(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) - i)).toISOString().slice(0, 10))
  return out
}
