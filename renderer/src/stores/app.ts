import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo } from '../../../common/channels/app'
import type { ErrorValue } from '../../../common/errors'
import { api } from '../api'

/** What main told us about the app itself (version, platform, data folder, runtimes). */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const error = ref<ErrorValue | null>(null)
  const loading = ref(false)

  async function loadInfo(): Promise<void> {
    loading.value = true
    const result = await api.call('app.info')
    loading.value = false
    if (result.ok) {
      info.value = result.value
      error.value = null
    } else {
      error.value = result.error
    }
  }

  return { info, error, loading, loadInfo }
})
