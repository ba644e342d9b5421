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

  const status = computed(() => state.value.status)
  const session = computed(() => state.value.session)
  const connectedId = computed(() => state.value.session?.connectionId ?? null)
  const connectingId = computed(() => state.value.connecting?.connectionId ?? null)

  /** Subscribes to main's session events once and loads the current state. */
  async function start(): Promise<void> {
    if (started) return
    started = true
    api.on('session.changed', (s) => (state.value = s))
    const [current, kc] = await Promise.all([api.call('session.current'), api.call('keychain.status')])
    if (current.ok) state.value = current.value
    else loadError.value = current.error
    if (kc.ok) keychain.value = kc.value
  }

  async function connect(input: {
    id: string
    password?: string
    remember?: PasswordStorage
    sandboxUser?: SandboxUser
  }): Promise<Result<Session>> {
    const result = await api.call('session.connect', input)
    const latest = await api.call('session.current')
    if (latest.ok) state.value = latest.value
    return result
  }

  async function disconnect(): Promise<Result<SessionState>> {
    const result = await api.call('session.disconnect')
    if (result.ok) state.value = result.value
    return result
  }

  async function signOut(id?: string): Promise<Result<SessionState>> {
    const result = await api.call('session.signOut', id ? { id } : undefined)
    if (result.ok) state.value = result.value
    return result
  }

  return { state, keychain, loadError, status, session, connectedId, connectingId, start, connect, disconnect, signOut }
})
