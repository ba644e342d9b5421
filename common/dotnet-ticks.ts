/*
 * .NET `DateTime.Ticks` (100 ns since 0001-01-01T00:00:00 UTC), as the Server API's metrics endpoint takes its start.
 * Ticks of today exceed 2^53, so they are computed with BigInt and carried as decimal text.
 */

const ticksPerMs = 10_000n
/** Ticks at 1970-01-01T00:00:00Z. */
const unixEpochTicks = 621_355_968_000_000_000n
/** DateTime.MaxValue.Ticks (9999-12-31T23:59:59.9999999). */
const maxTicks = 3_155_378_975_999_999_999n

/** `unixMs × 10,000 + 621,355,968,000,000,000`, as decimal text. */
export function toDotnetTicks(unixMs: number): string {
  if (!Number.isFinite(unixMs)) throw new RangeError(`not a time: ${unixMs}`)
  return (BigInt(Math.trunc(unixMs)) * ticksPerMs + unixEpochTicks).toString()
}

/** Unix milliseconds from ticks as decimal text; null when the text is not a tick count a DateTime can hold. */
export function fromDotnetTicks(text: string): number | null {
  if (!/^\d{1,19}$/.test(text)) return null
  const ticks = BigInt(text)
  if (ticks > maxTicks) return null
  return Number((ticks - unixEpochTicks) / ticksPerMs)
}
