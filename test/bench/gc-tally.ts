import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks'

export interface GcTally {
  /** Full (mark-compact) collections, and the time all collections took, since `gcTally()`. */
  stop(): { major: number; ms: number }
}

/** Counts this process's V8 garbage collections from now until `stop()`. */
export function gcTally(): GcTally {
  let major = 0
  let ms = 0
  const add = (entries: PerformanceEntry[]) => {
    for (const e of entries) {
      ms += e.duration
      // A gc entry carries its kind in `detail` (Node 16+), which the PerformanceEntry type does not declare.
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++
    }
  }
  const observer = new PerformanceObserver((list) => add(list.getEntries()))
  observer.observe({ entryTypes: ['gc'] })
  return {
    stop() {
      add(observer.takeRecords())
      observer.disconnect()
      return { major, ms }
    }
  }
}
