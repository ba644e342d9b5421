import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { DARK_CLASS, THEME_STORAGE_KEY, useThemeStore } from '../../renderer/src/stores/theme'
import { happyDom } from './mount-app'
import { settle } from './settle'

/** Sets the OS colour scheme as happy-dom reports it to matchMedia; a resize makes it re-evaluate. */
function setOsScheme(scheme: 'light' | 'dark'): void {
  happyDom().settings.device.prefersColorScheme = scheme
  window.dispatchEvent(new Event('resize'))
}

const htmlIsDark = () => document.documentElement.classList.contains(DARK_CLASS)

function freshStore() {
  setActivePinia(createPinia())
  return useThemeStore()
}

beforeEach(() => {
  localStorage.clear()
  happyDom().settings.device.prefersColorScheme = 'light'
})
afterEach(() => useThemeStore().$dispose())

describe('theme', () => {
  it('starts in the OS scheme when no choice was made', () => {
    happyDom().settings.device.prefersColorScheme = 'dark'
    const theme = freshStore()
    expect(theme.preference).toBe('system')
    expect(theme.theme).toBe('dark')
    expect(htmlIsDark()).toBe(true)
    expect(document.documentElement.style.colorScheme).toBe('dark')
  })

  it('follows the OS as it changes', async () => {
    // (happy-dom only reports changes away from a starting "light", hence this order.)
    const theme = freshStore()
    expect(theme.theme).toBe('light')
    expect(htmlIsDark()).toBe(false)

    setOsScheme('dark')
    await settle()
    expect(theme.theme).toBe('dark')
    expect(htmlIsDark()).toBe(true)

    setOsScheme('light')
    await settle()
    expect(theme.theme).toBe('light')
    expect(htmlIsDark()).toBe(false)
  })

  it('lets a Settings choice override the OS, and remembers it', async () => {
    const theme = freshStore()
    expect(theme.theme).toBe('light')

    theme.setPreference('dark')
    await settle()
    expect(theme.theme).toBe('dark')
    expect(htmlIsDark()).toBe(true)
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark')

    // The OS changing does not undo an explicit choice.
    setOsScheme('dark')
    setOsScheme('light')
    await settle()
    expect(theme.theme).toBe('dark')

    // A new session starts with the remembered choice.
    theme.$dispose()
    const next = freshStore()
    expect(next.preference).toBe('dark')
    expect(next.theme).toBe('dark')

    next.setPreference('system')
    await settle()
    expect(next.theme).toBe('light')
    expect(htmlIsDark()).toBe(false)
  })

  it('ignores a stored value it does not know', () => {
    localStorage.setItem(THEME_STORAGE_KEY, 'sepia')
    happyDom().settings.device.prefersColorScheme = 'dark'
    const theme = freshStore()
    expect(theme.preference).toBe('system')
    expect(theme.theme).toBe('dark')
  })
})
