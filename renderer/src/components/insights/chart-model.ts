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

/** The ECharts option for a model, themed; `aria` on so the SVG carries a description too. */
export function chartOption(m: ChartModel, theme: ChartTheme): EChartsCoreOption {
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
    axisLabel: { color: theme.textSecondary, formatter: format },
    splitLine: { lineStyle: { color: theme.grid } }
  }
  return {
    animation: false,
    aria: { enabled: true, label: { description: m.summary } },
    textStyle: { fontFamily: theme.font, color: theme.text },
    grid: { left: 8, right: 16, top: m.series.length > 1 ? 36 : 12, bottom: 8 },
    legend:
      m.series.length > 1
        ? {
            type: 'scroll',
            top: 0,
            left: 0,
            right: 0,
            icon: 'roundRect',
            itemWidth: 12,
            itemHeight: 12,
            itemGap: 16,
            textStyle: { color: theme.text, fontFamily: theme.font }
          }
        : undefined,
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

/** The link of a clicked bar: ECharts says which series and which category. */
export function linkAt(m: ChartModel, seriesIndex: number, dataIndex: number): QueueLink | null {
  return m.series[seriesIndex]?.links?.[dataIndex] ?? null
}

/** The total of a category over every series (a stacked bar's height). */
export function categoryTotal(m: ChartModel, i: number): number {
  return m.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)
}

export const isEmptyModel = (m: ChartModel): boolean => m.series.every((s) => s.values.every((v) => v === 0))
