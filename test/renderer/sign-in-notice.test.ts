// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildFacade, eventChannels, type EventChannel } from '../../common/contract'
import type { ConnectionView, SessionState } from '../../common/connections'
import { EventBus } from '../../main/events'
import { mountApp, preloadViews, type MountedApp } from './mount-app'
import { connectedAs } from './session-states'
import { settle } from './settle'

/**
 * The server refused the session's sign-in (main sets `signIn` on the session state): one notice with "Sign in",
 * which opens the password prompt of that connection with the reason; a state without `signIn` takes it away.
 */
const plant: ConnectionView = {
  id: 'c-plant',
  name: 'Plant',
  url: 'https://mi.example/mi_servicelayer',
  auth: 'basic',
  username: 'writer',
  tls: { caFile: null, useSystemStore: true },
  builtIn: false,
  setByOrganisation: false,
  passwordStorage: 'keychain',
  hasSavedPassword: true,
  connected: true,
  lastUsed: true
}
const writer = connectedAs('writer')
const connected: SessionState = {
  ...writer,
  session: writer.session && { ...writer.session, connectionId: plant.id, connectionName: plant.name, url: plant.url }
}
const message = 'Plant no longer accepts your sign-in: the password may have changed. Sign in again.'
const refused: SessionState = { ...connected, signIn: { connectionId: plant.id, connectionName: plant.name, message } }

function installBridge() {
  const events = new EventBus()
  const answers: Partial<Record<string, unknown>> = {
    'session.current': connected,
    'keychain.status': { available: true, store: 'Secret Service', reason: null },
    'connections.list': { connections: [plant], notice: null }
  }
  const facade = buildFacade(
    (channel: string) =>
      Promise.resolve(
        channel in answers
          ? { ok: true, value: answers[channel] }
          : { ok: false, error: { code: 'NotConnected', message: 'Not connected.' } }
      ),
    (event: EventChannel, listener) =>
      events.subscribe((e, payload) => {
        if (e === event) listener(eventChannels[event].parse(JSON.parse(JSON.stringify(payload))))
      })
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
  return events
}

const signInToasts = () =>
  [...document.querySelectorAll('.p-toast-message')].filter((t) => t.textContent?.includes('Sign in again'))

let app: MountedApp | undefined
beforeAll(preloadViews, 120_000)
vi.setConfig({ testTimeout: 30_000 })
afterEach(() => {
  app?.wrapper.unmount()
  app = undefined
  Reflect.deleteProperty(window, 'jobqueue')
})

describe('the notice of a refused sign-in', () => {
  it('shows once with "Sign in", which opens the password prompt with the reason', async () => {
    const events = installBridge()
    app = await mountApp('/downloads')
    events.emit('session.changed', refused)
    events.emit('session.changed', { ...refused, notice: 'still refused' })
    await settle()
    expect(signInToasts()).toHaveLength(1)
    const button = signInToasts()[0]?.querySelector<HTMLButtonElement>('[data-testid="notice-action"]')
    expect(button?.textContent?.trim()).toBe('Sign in')
    button?.click()
    await settle()
    expect(app.router.currentRoute.value.path).toBe('/connections')
    await vi.waitFor(() => expect(document.querySelector('[data-testid="password-dialog"]')).not.toBeNull())
    expect(document.querySelector('[data-testid="password-error"]')?.textContent).toContain(message)
    expect(app.router.currentRoute.value.query).toEqual({})
  })

  it('goes away once the session is signed in again', async () => {
    const events = installBridge()
    app = await mountApp('/settings')
    events.emit('session.changed', refused)
    await settle()
    expect(signInToasts()).toHaveLength(1)
    events.emit('session.changed', connected)
    await vi.waitFor(() => expect(signInToasts()).toHaveLength(0))
  })
})
