import type { EffectiveStatus, JobType } from '../../../../common/domain'

/** Chart colours: the status badges' hues (so Failed is red everywhere), tuned per theme for contrast. */
export interface ChartTheme {
  dark: boolean
  /** ECharts measures text with a real font list, never `inherit`. */
  font: string
  text: string
  textSecondary: string
  grid: string
  card: string
  status: Record<EffectiveStatus, string>
  type: Record<JobType, string>
  /** Median and 90th percentile bars. */
  median: string
  p90: string
}

const light: Omit<ChartTheme, 'font' | 'text' | 'textSecondary' | 'grid' | 'card'> = {
  dark: false,
  status: {
    Succeeded: '#2f8a2f',
    CompletedWithErrors: '#d08a00',
    Failed: '#c42b1c',
    Cancelled: '#8a8a8a',
    Running: '#0b5cad',
    Pending: '#5d5d5d',
    Scheduled: '#7a5ccf',
    Other: '#b4b4b4'
  },
  type: { ExcelImportJob: '#0b5cad', ExcelExportJob: '#00857c', TextImportJob: '#b85c00', Other: '#8a8a8a' },
  median: '#0b5cad',
  p90: '#86b6e6'
}

const dark: typeof light = {
  dark: true,
  status: {
    Succeeded: '#6ccb5f',
    CompletedWithErrors: '#fce100',
    Failed: '#ff99a4',
    Cancelled: '#9a9a9a',
    Running: '#6aaeee',
    Pending: '#c5c5c5',
    Scheduled: '#b9a4f4',
    Other: '#707070'
  },
  type: { ExcelImportJob: '#6aaeee', ExcelExportJob: '#4cc2b8', TextImportJob: '#f7a35c', Other: '#9a9a9a' },
  median: '#6aaeee',
  p90: '#2f5f8f'
}

/** The chart theme for the app's theme, with text and grid colours read from the app's CSS variables. */
export function chartTheme(isDark: boolean, css: (name: string) => string): ChartTheme {
  const base = isDark ? dark : light
  return {
    ...base,
    font: css('--jq-font') || 'system-ui, sans-serif',
    text: css('--jq-text') || (isDark ? '#ffffff' : '#1b1b1b'),
    textSecondary: css('--jq-text-secondary') || (isDark ? '#c5c5c5' : '#5d5d5d'),
    grid: css('--jq-stroke') || (isDark ? '#363636' : '#e5e5e5'),
    card: css('--jq-card-bg') || (isDark ? '#2d2d2d' : '#ffffff')
  }
}
