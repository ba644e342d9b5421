import type { EChartsCoreOption } from 'echarts/core'
import type { ChartTheme } from './palette'
import type { QueueLink } from './links'

/** One series of a bar chart; `links[i]` is where its bar for category i leads (null: nowhere). */
export interface ChartSeries {
  key: string
  name: string
  color: string
  values: number[]
  links?: (QueueLink | null)[]
  /** A colour per bar instead of the series colour (the backlog colours each job by its type). */
  colors?: string[]
}

/** A chart and its table view, from the same numbers. */
export interface ChartModel {
  id: string
  title: string
  /** What the chart says, in one or two sentences: the region's aria-label. */
  summary: string
  /** The first column's header in the table view (the categories). */
  categoryLabel: string
  categories: string[]
  series: ChartSeries[]
  stacked: boolean
  horizontal?: boolean
  /** How a value is written (counts by default). */
  format?: (value: number) => string
}

/**
 * The ECharts option for a model, themed; `aria` on so the SVG carries a description too. The legend is the
 * card's own (ChartLegend, which wraps instead of clipping): ECharts only hides the series in `hidden` (keys).
 */
export function chartOption(
  m: ChartModel,
  theme: ChartTheme,
  hidden: ReadonlySet<string> = new Set()
): EChartsCoreOption {
  const format = m.format ?? ((v: number) => String(v))
  const categoryAxis = {
    type: 'category',
    data: m.categories,
    axisLabel: { color: theme.textSecondary, hideOverlap: true },
    axisLine: { lineStyle: { color: theme.grid } },
    axisTick: { show: false },
    inverse: m.horizontal === true
  }
  const valueAxis = {
    type: 'value',
    minInterval: m.format ? undefined : 1,
    interval: m.format ? durationStep(Math.max(0, ...m.series.flatMap((x) => x.values))) : undefined,
    axisLabel: { color: theme.textSecondary, formatter: format },
    splitLine: { lineStyle: { color: theme.grid } }
  }
  return {
    animation: false,
    aria: { enabled: true, label: { description: m.summary } },
    textStyle: { fontFamily: theme.font, color: theme.text },
    // ECharts 6's containLabel: the axis labels stay inside the chart's box.
    grid: {
      left: 4,
      right: 16,
      top: 12,
      bottom: 4,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel'
    },
    legend: { show: false, selected: Object.fromEntries(m.series.map((x) => [x.name, !hidden.has(x.key)])) },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : String(v)),
      backgroundColor: theme.card,
      borderColor: theme.grid,
      textStyle: { color: theme.text }
    },
    xAxis: m.horizontal ? valueAxis : categoryAxis,
    yAxis: m.horizontal ? categoryAxis : valueAxis,
    series: m.series.map((s) => ({
      type: 'bar',
      name: s.name,
      stack: m.stacked ? 'total' : undefined,
      barMaxWidth: 28,
      cursor: s.links?.some(Boolean) ? 'pointer' : 'default',
      itemStyle: { color: s.color, borderRadius: m.stacked ? 0 : 2 },
      emphasis: { focus: 'series' },
      data: s.values.map((v, i) => (s.colors?.[i] ? { value: v, itemStyle: { color: s.colors[i] } } : v))
    }))
  }
}

const steps = [1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 7200, 14_400, 21_600, 43_200, 86_400].map((x) => x * 1000)
/** A duration axis steps in round units (10 s, 5 min, 1 h…), about five ticks. */
export function durationStep(maxMs: number): number {
  return steps.find((step) => maxMs / step <= 6) ?? Math.ceil(maxMs / 6 / 86_400_000) * 86_400_000
}

/** The link of a clicked bar: ECharts says which series and which category. */
export function linkAt(m: ChartModel, seriesIndex: number, dataIndex: number): QueueLink | null {
  return m.series[seriesIndex]?.links?.[dataIndex] ?? null
}

/** The total of a category over every series (a stacked bar's height). */
export function categoryTotal(m: ChartModel, i: number): number {
  return m.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)
}

export const isEmptyModel = (m: ChartModel): boolean => m.series.every((s) => s.values.every((v) => v === 0))
