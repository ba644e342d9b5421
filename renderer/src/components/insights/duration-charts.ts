import { jobTypeLabels } from '../../../../common/domain'
import type { DurationStats, InsightsSummary } from '../../../../common/insights/summary-schema'
import type { ChartModel } from './chart-model'
import { formatDuration } from './format'
import type { ChartTheme } from './palette'

/** The histogram of a duration, stacked by type; the medians and 90th percentiles go in the card's figures. */
function durationChart(
  id: string,
  title: string,
  what: string,
  stats: DurationStats[],
  s: InsightsSummary,
  theme: ChartTheme
): ChartModel {
  const labels = stats[0]?.buckets.map((b) => b.label) ?? []
  const figures = stats.map(
    (x) => `${jobTypeLabels[x.type]}: median ${formatDuration(x.medianMs)}, 90th percentile ${formatDuration(x.p90Ms)}`
  )
  return {
    id,
    title,
    summary: `How long jobs ${what} over the last ${s.days} days, as a histogram by type. ${figures.join('; ') || 'No jobs yet'}.`,
    categoryLabel: 'Duration',
    categories: labels,
    stacked: true,
    series: stats.map((x) => ({
      key: x.type,
      name: jobTypeLabels[x.type],
      color: theme.type[x.type],
      values: x.buckets.map((b) => b.count)
    }))
  }
}

export const waitChart = (s: InsightsSummary, theme: ChartTheme) =>
  durationChart('wait', 'Wait time (submitted → started)', 'waited to start', s.wait, s, theme)

export const runChart = (s: InsightsSummary, theme: ChartTheme) =>
  durationChart('run', 'Run time (started → completed)', 'ran', s.run, s, theme)

/** The figures a duration card shows above its histogram, and lists in its table view. */
export function durationFigures(
  stats: DurationStats[]
): { type: string; count: number; median: string; p90: string }[] {
  return stats.map((x) => ({
    type: jobTypeLabels[x.type],
    count: x.count,
    median: formatDuration(x.medianMs),
    p90: formatDuration(x.p90Ms)
  }))
}
