import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo } from '../../../common/channels/app'
import type { ErrorValue } from '../../../common/errors'
import type { PolicyInfo } from '../../../common/policy'
import { api } from '../api'

/** What main told us about the app itself (version, platform, data folder, runtimes) and what IT set (policy). */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const error = ref<ErrorValue | null>(null)
  const loading = ref(false)
  const policy = ref<PolicyInfo | null>(null)
  const policyError = ref<ErrorValue | null>(null)

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

  async function loadPolicy(): Promise<void> {
    const result = await api.call('app.policy')
    if (result.ok) {
      policy.value = result.value
      policyError.value = null
    } else {
      policyError.value = result.error
    }
  }

  return { info, error, loading, loadInfo, policy, policyError, loadPolicy }
})
