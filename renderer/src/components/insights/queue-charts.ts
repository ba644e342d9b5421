import { effectiveStatusLabels, jobTypeLabels } from '../../../../common/domain'
import type { InsightsSummary } from '../../../../common/insights/summary-schema'
import type { ChartModel } from './chart-model'
import { formatDuration } from './format'
import { queueLink } from './links'
import type { ChartTheme } from './palette'

export function failuresChart(s: InsightsSummary, theme: ChartTheme): ChartModel {
  const link = (status: 'Failed' | 'CompletedWithErrors') =>
    s.failures.map((f) =>
      (status === 'Failed' ? f.failed : f.withErrors)
        ? queueLink({ from: s.from, to: s.to, types: [f.type], statuses: [status] })
        : null
    )
  const parts = s.failures.map(
    (f) => `${jobTypeLabels[f.type]}: ${f.failed} failed, ${f.withErrors} completed with errors of ${f.total}`
  )
  return {
    id: 'failures',
    title: 'Failures by type',
    summary: `Failed jobs and jobs completed with errors, by type, over the last ${s.days} days. ${parts.join('; ') || 'No jobs'}.`,
    categoryLabel: 'Type',
    categories: s.failures.map((f) => jobTypeLabels[f.type]),
    stacked: true,
    series: [
      {
        key: 'Failed',
        name: effectiveStatusLabels.Failed,
        color: theme.status.Failed,
        values: s.failures.map((f) => f.failed),
        links: link('Failed')
      },
      {
        key: 'CompletedWithErrors',
        name: effectiveStatusLabels.CompletedWithErrors,
        color: theme.status.CompletedWithErrors,
        values: s.failures.map((f) => f.withErrors),
        links: link('CompletedWithErrors')
      }
    ]
  }
}

export function submittersChart(s: InsightsSummary, theme: ChartTheme): ChartModel {
  const top = s.submitters[0]
  return {
    id: 'submitters',
    title: 'Top submitters',
    summary: `Who submitted the most jobs over the last ${s.days} days${top ? `: ${top.submitter} first with ${top.count}` : ''}. ${s.submitters.map((x) => `${x.submitter} ${x.count}`).join(', ')}.`,
    categoryLabel: 'Submitter',
    categories: s.submitters.map((x) => x.submitter),
    stacked: false,
    horizontal: true,
    series: [
      {
        key: 'jobs',
        name: 'Jobs',
        color: theme.median,
        values: s.submitters.map((x) => x.count),
        links: s.submitters.map((x) => queueLink({ from: s.from, to: s.to, submitter: x.submitter }))
      }
    ]
  }
}

export function backlogChart(s: InsightsSummary, theme: ChartTheme): ChartModel {
  const running = s.backlog.filter((b) => b.status === 'Running').length
  return {
    id: 'backlog',
    title: 'Backlog now',
    summary: `The queue now: ${running} running and ${s.backlog.length - running} pending jobs, by position, with how long each has waited or run.`,
    categoryLabel: 'Position',
    categories: s.backlog.map((b) => `${b.position === null ? 'Running' : `#${b.position}`} · ${b.name}`),
    stacked: false,
    horizontal: true,
    format: formatDuration,
    series: [
      {
        key: 'age',
        name: 'Waiting or running for',
        color: theme.status.Pending,
        values: s.backlog.map((b) => b.ageMs),
        colors: s.backlog.map((b) => (b.status === 'Running' ? theme.status.Running : theme.status.Pending)),
        links: s.backlog.map((b) => ({ path: '/queue' as const, query: { job: b.id } }))
      }
    ]
  }
}
