import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { StartEstimate, StartEstimates } from '../../../common/start-estimates'
import { api } from '../api'
import { useQueueStore } from './queue'

/** How soon after a queue change the estimates are asked for again (a burst of deltas asks once). */
const SETTLE_MS = 500

/**
 * When each Pending job should start, as main estimates it: asked again whenever the queue changes and as the
 * queue's clock ticks (an overdue running job moves every estimate behind it). The minutes left are counted here,
 * against the queue's clock, from the start time main gave.
 */
export const useEstimatesStore = defineStore('estimates', () => {
  const queue = useQueueStore()
  const set = shallowRef<StartEstimates | null>(null)
  const byJob = shallowRef(new Map<string, StartEstimate>())
  let timer: ReturnType<typeof setTimeout> | null = null
  let started = false

  async function load(): Promise<void> {
    const r = await api.call('queue.startEstimates')
    if (!r.ok) return
    set.value = r.value
    byJob.value = new Map(r.value.estimates.map((e) => [e.jobId, e]))
  }

  function soon(): void {
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      void load()
    }, SETTLE_MS)
  }

  /** Starts following the queue. Idempotent. */
  function start(): void {
    if (started) return
    started = true
    watch(() => [queue.version, queue.now.getTime()], soon)
    void load()
  }

  return { set, byJob, start, load }
})
