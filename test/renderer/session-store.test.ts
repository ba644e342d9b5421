// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { KeychainStatus, SessionState } from '../../common/connections'
import { EventBus } from '../../main/events'
import { useSessionStore } from '../../renderer/src/stores/session'
import { installFacadeOverMain } from './facade-over-main'
import { connectedAs } from './session-states'
import { settle } from './settle'

/**
 * The session store against main's events and answers in the order a loaded machine delivers them: an answer
 * computed before a `session.changed` event must not undo it (CI once showed "Connecting…" for good after a restart).
 */
const connected = connectedAs('writer')
const connecting: SessionState = {
  status: 'connecting',
  session: null,
  connecting: { connectionId: 'c-sandbox', connectionName: 'Sandbox', step: null, reconnect: false },
  lastError: null,
  notice: null
}
const keychain: KeychainStatus = { available: true, store: 'Secret Service', reason: null }

function gate<T>() {
  let open!: (value: T) => void
  const opened = new Promise<T>((resolve) => (open = resolve))
  return { opened, open }
}

let events: EventBus
beforeEach(() => {
  setActivePinia(createPinia())
  events = new EventBus()
})
afterEach(() => Reflect.deleteProperty(window, 'jobqueue'))

describe('the session store', () => {
  it('keeps a session event that came while the keychain was still answering', async () => {
    const slowKeychain = gate<KeychainStatus>()
    installFacadeOverMain({ 'session.current': () => connecting, 'keychain.status': () => slowKeychain.opened }, events)
    const store = useSessionStore()
    const started = store.start()
    await flushPromises()
    expect(store.status).toBe('connecting')
    events.emit('session.changed', connected)
    slowKeychain.open(keychain)
    await started
    await settle()
    expect(store.status).toBe('connected')
    expect(store.session?.username).toBe('writer')
    expect(store.keychain).toEqual(keychain)
  })

  it('does not take an answer computed before a newer event', async () => {
    const reply = gate<SessionState>()
    installFacadeOverMain({ 'session.current': () => reply.opened, 'keychain.status': () => keychain }, events)
    const store = useSessionStore()
    const started = store.start()
    events.emit('session.changed', connected)
    reply.open(connecting)
    await started
    expect(store.status).toBe('connected')
  })

  it('takes the answer when no event came meanwhile', async () => {
    installFacadeOverMain({ 'session.current': () => connected, 'keychain.status': () => keychain }, events)
    const store = useSessionStore()
    await store.start()
    expect(store.status).toBe('connected')
    expect(store.keychain).toEqual(keychain)
  })
})
