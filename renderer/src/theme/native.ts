import { api } from '../api'

export type NativeThemeChoice = 'light' | 'dark' | 'system'

/**
 * Tells main the in-app theme, so the window's native parts (title bar, menus, dialogs) follow it: Electron sets
 * `nativeTheme.themeSource`; the browser host does nothing. A failure changes nothing the user sees in the page.
 */
export async function syncNativeTheme(theme: NativeThemeChoice): Promise<boolean> {
  const result = await api.call('desktop.setTheme', { theme })
  return result.ok
}
