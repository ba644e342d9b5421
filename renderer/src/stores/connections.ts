import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { ConnectionFormInput, ConnectionTestResult, ConnectionView } from '../../../common/connections'
import type { ErrorValue, Result } from '../../../common/errors'
import { api } from '../api'
import { useSessionStore } from './session'

/** Saved connections as main last listed them; refreshed after every change and every session change. */
export const useConnectionsStore = defineStore('connections', () => {
  const items = ref<ConnectionView[]>([])
  const notice = ref<string | null>(null)
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<ErrorValue | null>(null)
  const session = useSessionStore()

  async function load(): Promise<void> {
    loading.value = true
    const result = await api.call('connections.list')
    loading.value = false
    loaded.value = true
    if (result.ok) {
      items.value = result.value.connections
      notice.value = result.value.notice
      error.value = null
    } else {
      error.value = result.error
    }
  }

  watch(
    () => [session.state.status, session.connectedId, session.state.lastError?.connectionId],
    () => {
      if (loaded.value) void load()
    }
  )

  async function create(form: ConnectionFormInput): Promise<Result<ConnectionView>> {
    const result = await api.call('connections.create', form)
    if (result.ok) await load()
    return result
  }

  async function update(id: string, form: ConnectionFormInput): Promise<Result<ConnectionView>> {
    const result = await api.call('connections.update', { id, form })
    if (result.ok) await load()
    return result
  }

  async function remove(id: string): Promise<Result<{ id: string }>> {
    const result = await api.call('connections.delete', { id })
    if (result.ok) await load()
    return result
  }

  function test(
    input: { id: string; password?: string } | { form: ConnectionFormInput; password?: string }
  ): Promise<Result<ConnectionTestResult>> {
    return api.call('connections.test', input)
  }

  function byId(id: string): ConnectionView | undefined {
    return items.value.find((c) => c.id === id)
  }

  return { items, notice, loaded, loading, error, load, create, update, remove, test, byId }
})
