// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildFacade, eventChannels, type EventChannel, type InvokeChannel } from '../../../common/contract'
import type { Result } from '../../../common/errors'
import { EventBus } from '../../../main/events'
import { mountApp, preloadViews, type MountedApp } from '../mount-app'
import { settle } from '../settle'

/** The notice main sends when an update is ready (main/updates/index.ts): its button restarts to update. */
let calls: InvokeChannel[]
let restartAnswer: Result<null>
function installBridge(): EventBus {
  const events = new EventBus()
  const facade = buildFacade(
    (channel): Promise<Result<unknown>> => {
      calls.push(channel)
      return Promise.resolve(
        channel === 'app.restartToUpdate'
          ? restartAnswer
          : { ok: false, error: { code: 'NotConnected', message: 'Not connected.' } }
      )
    },
    (event: EventChannel, listener) =>
      events.subscribe((e, payload) => {
        if (e === event) listener(eventChannels[event].parse(JSON.parse(JSON.stringify(payload))))
      })
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
  return events
}

const toastText = () => [...document.querySelectorAll('.p-toast-message')].map((t) => t.textContent ?? '').join('\n')
const ready = {
  level: 'info',
  message: 'Version 0.2.0 is ready. Restart to update now, or it installs when you quit JobQueue Desktop.',
  action: { label: 'Restart to update', restartToUpdate: true }
} as const

let app: MountedApp | undefined
beforeAll(preloadViews, 120_000)
vi.setConfig({ testTimeout: 30_000 })
afterEach(() => {
  app?.wrapper.unmount()
  app = undefined
  Reflect.deleteProperty(window, 'jobqueue')
})

describe('the "update ready" notice', () => {
  it('restarts to update from its button', async () => {
    calls = []
    restartAnswer = { ok: true, value: null }
    const events = installBridge()
    app = await mountApp('/queue')
    events.emit('app.notice', ready)
    await settle()
    expect(toastText()).toContain('Version 0.2.0 is ready')
    const button = document.querySelector<HTMLButtonElement>('[data-testid="notice-action"]')
    expect(button?.textContent?.trim()).toBe('Restart to update')
    button?.click()
    await settle()
    expect(calls).toContain('app.restartToUpdate')
    expect(app.router.currentRoute.value.path).toBe('/queue')
  })

  it('shows main’s refusal when the update cannot be installed', async () => {
    calls = []
    restartAnswer = { ok: false, error: { code: 'Conflict', message: 'No update is ready to install yet.' } }
    const events = installBridge()
    app = await mountApp('/queue')
    events.emit('app.notice', ready)
    await settle()
    document.querySelector<HTMLButtonElement>('[data-testid="notice-action"]')?.click()
    await settle()
    await vi.waitFor(() => expect(toastText()).toContain('No update is ready to install yet.'))
  })
})
