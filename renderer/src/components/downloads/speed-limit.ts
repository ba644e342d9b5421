/** The speed limit is shown in MB/s (1 MB = 1024 × 1024 bytes, as speeds are shown) and stored as bytes per second. */
const MB = 1024 * 1024

export const MIN_LIMIT_MBPS = 0.1
export const MAX_LIMIT_MBPS = 1000

export function fromMegabytesPerSecond(mbps: number): number {
  return Math.round(Math.min(MAX_LIMIT_MBPS, Math.max(MIN_LIMIT_MBPS, mbps)) * MB)
}

/** Two decimals at most, as the box shows it. */
export function toMegabytesPerSecond(bytesPerSecond: number): number {
  return Math.round((bytesPerSecond / MB) * 100) / 100
}
