import { effectiveStatusLabels, jobTypeLabels } from '../../../../common/domain'
import type { InsightsSummary } from '../../../../common/insights/summary-schema'
import type { ChartModel } from './chart-model'
import { dayLabel } from './format'
import { queueLink } from './links'
import type { ChartTheme } from './palette'

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

function busiest(s: InsightsSummary): string {
  const totals = s.perDay.days.map((_, i) => s.perDay.byType.reduce((sum, t) => sum + (t.counts[i] ?? 0), 0))
  const max = Math.max(0, ...totals)
  const day = s.perDay.days[totals.indexOf(max)]
  return max > 0 && day ? ` The busiest day was ${dayLabel(day)} with ${plural(max, 'job')}.` : ''
}

export function perDayByStatus(s: InsightsSummary, theme: ChartTheme): ChartModel {
  const parts = s.perDay.byStatus.map(
    (x) => `${x.counts.reduce((a, b) => a + b, 0)} ${effectiveStatusLabels[x.status]}`
  )
  return {
    id: 'per-day-status',
    title: 'Jobs per day by status',
    summary: `Jobs submitted per day over the last ${s.days} days, stacked by status: ${plural(s.total, 'job')}${parts.length ? ` (${parts.join(', ')})` : ''}.${busiest(s)}`,
    categoryLabel: 'Day',
    categories: s.perDay.days.map((d) => dayLabel(d)),
    stacked: true,
    series: s.perDay.byStatus.map((x) => ({
      key: x.status,
      name: effectiveStatusLabels[x.status],
      color: theme.status[x.status],
      values: x.counts,
      links: s.perDay.days.map((day, i) =>
        x.counts[i] ? queueLink({ from: day, to: day, statuses: [x.status] }) : null
      )
    }))
  }
}

export function perDayByType(s: InsightsSummary, theme: ChartTheme): ChartModel {
  const parts = s.perDay.byType.map((x) => `${x.counts.reduce((a, b) => a + b, 0)} ${jobTypeLabels[x.type]}`)
  return {
    id: 'per-day-type',
    title: 'Jobs per day by type',
    summary: `Jobs submitted per day over the last ${s.days} days, stacked by type: ${parts.join(', ') || 'none'}.${busiest(s)}`,
    categoryLabel: 'Day',
    categories: s.perDay.days.map((d) => dayLabel(d)),
    stacked: true,
    series: s.perDay.byType.map((x) => ({
      key: x.type,
      name: jobTypeLabels[x.type],
      color: theme.type[x.type],
      values: x.counts,
      links: s.perDay.days.map((day, i) => (x.counts[i] ? queueLink({ from: day, to: day, types: [x.type] }) : null))
    }))
  }
}
