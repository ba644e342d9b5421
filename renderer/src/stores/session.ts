import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { KeychainStatus, PasswordStorage, SandboxUser, SessionState } from '../../../common/connections'
import type { ErrorValue, Result } from '../../../common/errors'
import type { Session } from '../../../common/connections'
import { api } from '../api'

const offline: SessionState = { status: 'offline', session: null, connecting: null, lastError: null, notice: null }

/** The live session as main last reported it (`session.changed`), plus the keychain's availability. */
export const useSessionStore = defineStore('session', () => {
  const state = ref<SessionState>(offline)
  const keychain = ref<KeychainStatus | null>(null)
  const loadError = ref<ErrorValue | null>(null)
  let started = false
  /** Counts `session.changed` events: a reply is older than any event that came after its call went out. */
  let changes = 0

  /** Takes the state a call answered, unless main has reported a newer one since the call went out. */
  async function answered<T extends SessionState>(call: Promise<Result<T>>): Promise<Result<T>> {
    const before = changes
    const result = await call
    if (result.ok && changes === before) state.value = result.value
    return result
  }

  const status = computed(() => state.value.status)
  const session = computed(() => state.value.session)
  const connectedId = computed(() => state.value.session?.connectionId ?? null)
  const connectingId = computed(() => state.value.connecting?.connectionId ?? null)

  /** Subscribes to main's session events once and loads the current state. */
  async function start(): Promise<void> {
    if (started) return
    started = true
    api.on('session.changed', (s) => {
      changes++
      state.value = s
    })
    // Each answer is taken as it comes: a slow keychain must not hold back (and then undo) a newer session event.
    const keychainLoaded = api.call('keychain.status').then((kc) => {
      if (kc.ok) keychain.value = kc.value
    })
    const current = await answered(api.call('session.current'))
    if (!current.ok) loadError.value = current.error
    await keychainLoaded
  }

  async function connect(input: {
    id: string
    password?: string
    remember?: PasswordStorage
    sandboxUser?: SandboxUser
  }): Promise<Result<Session>> {
    const result = await api.call('session.connect', input)
    await answered(api.call('session.current'))
    return result
  }

  async function disconnect(): Promise<Result<SessionState>> {
    return answered(api.call('session.disconnect'))
  }

  async function signOut(id?: string): Promise<Result<SessionState>> {
    return answered(api.call('session.signOut', id ? { id } : undefined))
  }

  return { state, keychain, loadError, status, session, connectedId, connectingId, start, connect, disconnect, signOut }
})
