const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/**
 * Parses an ISO 8601 date-time as clients send it: with `Z`, with an offset (`+00:00`, `+0100`),
 * with up to nine fractional digits (Python sends microseconds), or naive — naive means UTC.
 * Returns undefined for anything else.
 */
export function parseClientDate(text: string): Date | undefined {
  const m = isoDateTime.exec(text.trim())
  if (!m) return undefined
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0
  let offsetMinutes = 0
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'))
  }
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0'), ms)
  // Reject impossible calendar dates such as 2026-02-31 (Date.UTC rolls them over).
  const check = new Date(utc)
  if (Number.isNaN(utc) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined
  return new Date(utc - offsetMinutes * 60_000)
}
