import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppInfo } from '../../common/channels/app'
import { buildFacade, invokeChannels } from '../../common/contract'
import type { ErrorValue, Result } from '../../common/errors'
import { mountApp, preloadViews, type MountedApp } from './mount-app'
import { settle } from './settle'

const info: AppInfo = {
  name: 'JobQueue Desktop',
  version: '9.8.7',
  platform: 'win32',
  arch: 'x64',
  host: 'electron',
  versions: { node: '22.1.0', electron: '41.7.1', chrome: '140.0.1' },
  dataDir: 'C:\\Users\\ana\\AppData\\Roaming\\JobQueue Desktop'
}

/** What main answers to app.info in this test: a value (checked by the contract's schema) or an error. */
let answer: Result<AppInfo>
let infoCalls = 0

function installBridge(): void {
  const facade = buildFacade(
    (channel): Promise<Result<unknown>> => {
      if (channel !== 'app.info') {
        return Promise.resolve({ ok: false, error: { code: 'NotConnected', message: 'Not connected.' } })
      }
      infoCalls++
      return Promise.resolve(
        answer.ok ? { ok: true, value: invokeChannels['app.info'].output.parse(answer.value) } : answer
      )
    },
    () => () => {}
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
}

let app: MountedApp | undefined
beforeAll(preloadViews, 120_000)
vi.setConfig({ testTimeout: 30_000 })
beforeEach(() => {
  localStorage.clear()
  infoCalls = 0
  installBridge()
})
afterEach(() => {
  app?.wrapper.unmount()
  app = undefined
  Reflect.deleteProperty(window, 'jobqueue')
})

describe('Settings', () => {
  it('shows what app.info reports', async () => {
    answer = { ok: true, value: info }
    app = await mountApp('/settings')
    const about = app.wrapper.find('[data-testid="app-info"]')
    expect(about.find('[data-testid="app-version"]').text()).toBe('9.8.7')
    expect(about.find('[data-testid="app-data-dir"]').text()).toBe(info.dataDir)
    expect(about.text()).toContain('Windows (x64)')
    expect(about.text()).toContain('Desktop app')
    expect(about.text()).toContain('Electron 41.7.1')
    expect(about.text()).toContain('Node.js 22.1.0')
  })

  it('shows the error with its hint and retries on request', async () => {
    const failure: ErrorValue = { code: 'Timeout', message: 'JobQueue Desktop did not answer in time.' }
    answer = { ok: false, error: failure }
    app = await mountApp('/settings')
    const about = app.wrapper.find('[data-testid="app-info"]')
    expect(about.text()).toContain('The server took too long to answer')
    expect(about.text()).toContain(failure.message)
    expect(infoCalls).toBe(1)

    answer = { ok: true, value: info }
    await about.find('button').trigger('click')
    await settle()
    expect(infoCalls).toBe(2)
    expect(app.wrapper.find('[data-testid="app-version"]').text()).toBe('9.8.7')
  })

  it('switches the theme from the Appearance choice', async () => {
    answer = { ok: true, value: info }
    app = await mountApp('/settings')
    const option = (label: string) =>
      app!.wrapper.findAll('[data-testid="theme-choice"] button').find((b) => b.text() === label)
    await option('Dark')?.trigger('click')
    await settle()
    expect(document.documentElement.classList.contains('app-dark')).toBe(true)
    expect(localStorage.getItem('jobqueue.theme')).toBe('dark')
    await option('Light')?.trigger('click')
    await settle()
    expect(document.documentElement.classList.contains('app-dark')).toBe(false)
  })
})
