// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { buildFacade } from '../../common/contract'
import type { Result } from '../../common/errors'
import { openTargets } from '../../common/open-target'
import { openTarget, routeFor } from '../../renderer/src/open-target'
import { useThemeStore } from '../../renderer/src/stores/theme'
import { settle } from './settle'

const calls: [string, unknown][] = []
function installBridge(): void {
  const facade = buildFacade(
    (channel, input): Promise<Result<unknown>> => {
      calls.push([channel, input])
      return Promise.resolve({ ok: true, value: null })
    },
    () => () => {}
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
}
// Files share a worker (isolate: false): a theme another file left in localStorage must not count here.
beforeEach(() => localStorage.clear())
afterEach(() => {
  calls.length = 0
  Reflect.deleteProperty(window, 'jobqueue')
  localStorage.clear()
})

describe('the window follows the shell', () => {
  it('tells main the theme (desktop.setTheme) at start and on every change', async () => {
    installBridge()
    setActivePinia(createPinia())
    const theme = useThemeStore()
    await settle()
    theme.setPreference('dark')
    await settle()
    theme.setPreference('light')
    await settle()
    expect(calls.filter(([c]) => c === 'desktop.setTheme').map(([, i]) => i)).toEqual([
      { theme: 'system' },
      { theme: 'dark' },
      { theme: 'light' }
    ])
    theme.$dispose()
  })

  it('opens the page of each jump list or tray target', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: ['/queue', '/new-job', '/drafts', '/downloads'].map((path) => ({ path, component: {} }))
    })
    await openTarget(router, 'new/text')
    expect(router.currentRoute.value.fullPath).toBe('/new-job?type=TextImportJob')
    await openTarget(router, 'downloads')
    expect(router.currentRoute.value.fullPath).toBe('/downloads')
    for (const t of openTargets) expect(router.resolve(routeFor(t)).matched.length, t).toBe(1)
  })
})
