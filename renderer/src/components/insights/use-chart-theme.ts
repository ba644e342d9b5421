import { storeToRefs } from 'pinia'
import { computed, type ComputedRef } from 'vue'
import { useThemeStore } from '../../stores/theme'
import { chartTheme, type ChartTheme } from './palette'

/** The charts' colours, following the app's light or dark theme (its CSS variables). */
export function useChartTheme(): ComputedRef<ChartTheme> {
  const { theme } = storeToRefs(useThemeStore())
  return computed(() => {
    const dark = theme.value === 'dark'
    const styles = getComputedStyle(document.documentElement)
    return chartTheme(dark, (name) => styles.getPropertyValue(name).trim())
  })
}
