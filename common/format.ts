/** Words and numbers as the app shows them, the same in the renderer and on the command line. Pure. */

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB']

/** `512 B`, `1.5 KB`, `12 MB`: one decimal below 10, none above. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  let v = n / 1024
  let u = 0
  while (v >= 1024 && u < BYTE_UNITS.length - 1) {
    v /= 1024
    u++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${BYTE_UNITS[u]}`
}

/** `1.5 MB/s`; empty when nothing moves. */
export function formatSpeed(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytes(Math.round(bytesPerSecond))}/s` : ''
}

/** `12 s`, `3 min 05 s`, `1 h 02 min`, `2 d 3 h`; empty when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return ''
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} min`
  return `${Math.floor(h / 24)} d ${h % 24} h`
}

/** `3 min 05 s left`; empty when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return ''
  return `${formatDuration(seconds * 1000)} left`
}

/** `1 file`, `3 files`; `plural(2, 'entry', 'entries')`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${pluralWord(n, one, many)}`
}

/** The word alone, for a number written otherwise (`12,345 errors`). */
export function pluralWord(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many
}
