import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks'

export interface OwnCpu {
  /**
   * Since `ownCpu()`: this process's CPU time (user + system), the time V8's collections took, and how many of
   * them were full (mark-compact) ones.
   */
  stop(): { cpuMs: number; gcMs: number; fullGcs: number }
}

/** Measures this process's CPU and V8 garbage collections from now until `stop()`. */
export function ownCpu(): OwnCpu {
  let fullGcs = 0
  let gcMs = 0
  const add = (entries: PerformanceEntry[]) => {
    for (const e of entries) {
      gcMs += e.duration
      // A gc entry carries its kind in `detail` (Node 16+), which the PerformanceEntry type does not declare.
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullGcs++
    }
  }
  const observer = new PerformanceObserver((list) => add(list.getEntries()))
  observer.observe({ entryTypes: ['gc'] })
  const c0 = process.cpuUsage()
  return {
    stop() {
      const used = process.cpuUsage(c0)
      add(observer.takeRecords())
      observer.disconnect()
      return { cpuMs: (used.user + used.system) / 1000, gcMs, fullGcs }
    }
  }
}
