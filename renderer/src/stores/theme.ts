import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, watch } from 'vue'
import { readSetting, writeSetting } from './storage'
import { syncNativeTheme } from '../theme/native'

export const themePreferences = ['system', 'light', 'dark'] as const
export type ThemePreference = (typeof themePreferences)[number]
export type Theme = 'light' | 'dark'

export const THEME_STORAGE_KEY = 'jobqueue.theme'
/** The class on <html> that switches PrimeVue and the app's own colours to dark (theme/preset.ts). */
export const DARK_CLASS = 'app-dark'
const DARK_QUERY = '(prefers-color-scheme: dark)'

function isPreference(v: unknown): v is ThemePreference {
  return typeof v === 'string' && (themePreferences as readonly string[]).includes(v)
}

/** Light or dark: follows the OS unless the user picked one in Settings (remembered in localStorage). */
export const useThemeStore = defineStore('theme', () => {
  const stored = readSetting(THEME_STORAGE_KEY)
  const preference = ref<ThemePreference>(isPreference(stored) ? stored : 'system')

  const media = window.matchMedia(DARK_QUERY)
  const systemTheme = ref<Theme>(media.matches ? 'dark' : 'light')
  const onSystemChange = (e: MediaQueryListEvent) => (systemTheme.value = e.matches ? 'dark' : 'light')
  media.addEventListener('change', onSystemChange)
  onScopeDispose(() => media.removeEventListener('change', onSystemChange))

  const theme = computed<Theme>(() => (preference.value === 'system' ? systemTheme.value : preference.value))

  watch(
    theme,
    (t) => {
      const root = document.documentElement
      root.classList.toggle(DARK_CLASS, t === 'dark')
      root.style.colorScheme = t
    },
    { immediate: true }
  )

  // The window's title bar and menus follow the choice (Electron's nativeTheme), from the start.
  watch(preference, (p) => void syncNativeTheme(p), { immediate: true })

  function setPreference(p: ThemePreference): void {
    if (!isPreference(p)) return
    preference.value = p
    writeSetting(THEME_STORAGE_KEY, p)
  }

  return { preference, systemTheme, theme, setPreference }
})
