import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ErrorValue } from '../../../common/errors'
import type { InsightsSummary } from '../../../common/insights/summary-schema'
import { api } from '../api'

export type InsightsDays = 7 | 30

/** The Insights page: the range asked for, the statistics main computed from the local history, and clearing it. */
export const useInsightsStore = defineStore('insights', () => {
  const days = ref<InsightsDays>(7)
  const summary = ref<InsightsSummary | null>(null)
  const error = ref<ErrorValue | null>(null)
  const loading = ref(false)
  let asked = 0

  async function load(): Promise<void> {
    const ticket = ++asked
    loading.value = true
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone
    const result = await api.call('insights.summary', { days: days.value, timeZone })
    // A later request (another range) wins.
    if (ticket !== asked) return
    loading.value = false
    if (result.ok) {
      summary.value = result.value
      error.value = null
    } else error.value = result.error
  }

  function setDays(d: InsightsDays): Promise<void> {
    days.value = d
    return load()
  }

  /** Deletes the history of every connection; the page shows the empty state afterwards. */
  async function clearHistory(): Promise<{ ok: true; cleared: number } | { ok: false; error: ErrorValue }> {
    const result = await api.call('history.clear')
    if (!result.ok) return { ok: false, error: result.error }
    summary.value = null
    return { ok: true, cleared: result.value.cleared }
  }

  return { days, summary, error, loading, load, setDays, clearHistory }
})
