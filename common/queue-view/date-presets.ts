/** The "Submitted between" filter's quick ranges, relative to now and in local time (so they follow DST). */
export const datePresets = ['today', '24h', '7d', '30d'] as const
export type DatePreset = (typeof datePresets)[number]

export const datePresetLabels: Record<DatePreset, string> = {
  today: 'Today',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days'
}

/** Local midnight `daysBack` days before `now`'s day. */
function localMidnight(now: Date, daysBack: number): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysBack).getTime()
}

/**
 * The submission times a preset takes, `from` inclusive and `to` exclusive, in milliseconds. "Last 7 days" is today
 * and the six calendar days before it, as Windows search counts it; "Last 24 hours" is exactly that.
 */
export function presetRange(preset: DatePreset, now: Date): { from: number; to: number } {
  switch (preset) {
    case 'today':
      return { from: localMidnight(now, 0), to: localMidnight(now, -1) }
    case '24h':
      return { from: now.getTime() - 24 * 3_600_000, to: Infinity }
    case '7d':
      return { from: localMidnight(now, 6), to: Infinity }
    case '30d':
      return { from: localMidnight(now, 29), to: Infinity }
  }
}

export const isDatePreset = (v: string): v is DatePreset => (datePresets as readonly string[]).includes(v)
