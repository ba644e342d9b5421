import { computed } from 'vue'
import { startEstimateShort, startEstimateText, startEstimateTitle } from '../../../common/start-estimates'
import { useEstimatesStore } from '../stores/estimates'
import { useQueueStore } from '../stores/queue'

export interface EstimateWords {
  /** "~25 min · 3 ahead", for the queue's Status cell. */
  short: string
  /** "about 25 min (3 ahead)", for the Job view. */
  text: string
  /** "Estimated start, from …": the tooltip and the accessible name. */
  title: string
}

/** Pending jobs' estimated starts in words, live: asked again as the queue changes, minutes counted as its clock ticks. */
export function useStartEstimates() {
  const queue = useQueueStore()
  const estimates = useEstimatesStore()
  estimates.start()
  const words = computed(() => {
    const set = estimates.set
    const out = new Map<string, EstimateWords>()
    if (!set) return out
    for (const e of set.estimates) {
      if (queue.get(e.jobId)?.status !== 'Pending') continue
      out.set(e.jobId, {
        short: startEstimateShort(e, queue.now),
        text: startEstimateText(e, queue.now),
        title: startEstimateTitle(e, set)
      })
    }
    return out
  })
  const cells = computed(
    () => new Map([...words.value].map(([id, w]) => [id, { text: w.short, title: w.title }] as const))
  )
  return { words, cells }
}
