import type { Job } from '../../common/domain'
import { isWholeQueue, type QueueScope } from '../../common/queue'
import type { StartEstimates } from '../../common/start-estimates'
import type { Clock } from '../clock'
import { estimateStarts, type RunTimeMedians } from './start-estimates'

export interface EstimatorOptions {
  /** The jobs the monitor holds, and the scope they were listed with. */
  jobs: () => readonly Job[]
  scope: () => QueueScope
  /** The server's `concurrency` (processing-configuration), null while not connected. */
  concurrency: () => number | null
  /** Where typical times come from: the monitor's jobs now; the local history can be plugged in instead. */
  medians: RunTimeMedians
  clock: Clock
}

/** One computation's medians, each type asked once. */
function remembered(medians: RunTimeMedians): RunTimeMedians {
  const run = new Map<string, number | null>()
  const wait = new Map<string, number | null>()
  const once = (cache: Map<string, number | null>, type: string, get: () => number | null) => {
    if (!cache.has(type)) cache.set(type, get())
    return cache.get(type) ?? null
  }
  return {
    medianRunMs: (t) => once(run, t, () => medians.medianRunMs(t)),
    medianWaitMs: (t) => once(wait, t, () => medians.medianWaitMs(t))
  }
}

/** "When will my job run?" and "how long does this type usually take?", for the queue and the Job view. */
export class StartEstimator {
  constructor(private readonly options: EstimatorOptions) {}

  /** The estimated start of every Pending job held; none while not connected (the copy kept is not live). */
  estimates(): StartEstimates {
    const now = this.options.clock.now()
    const concurrency = this.options.concurrency()
    const base = { at: now.toISOString(), wholeQueue: isWholeQueue(this.options.scope()) }
    if (concurrency === null) return { ...base, concurrency: 0, estimates: [] }
    const medians = remembered(this.options.medians)
    return { ...base, concurrency, estimates: estimateStarts(this.options.jobs(), concurrency, medians, now) }
  }

  typicalTimes(type: string): { medianRunMs: number | null; medianWaitMs: number | null } {
    return {
      medianRunMs: this.options.medians.medianRunMs(type),
      medianWaitMs: this.options.medians.medianWaitMs(type)
    }
  }
}
