/**
 * Time as services see it: the wall clock and timers, injected so tests can drive them
 * (test/helpers/manual-clock.ts). `systemClock` is the real one.
 */
export interface Clock {
  now(): Date
  /** Calls back once after `ms`; returns the function that cancels it. `unref`: never keeps the process alive. */
  setTimeout(callback: () => void, ms: number, options?: { unref?: boolean }): () => void
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout(callback, ms, options) {
    const timer = setTimeout(callback, ms)
    if (options?.unref) timer.unref()
    return () => clearTimeout(timer)
  }
}

/** The clock's setTimeout as a promise that an AbortSignal cuts short (rejecting with the signal's reason). */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error)
    const onAbort = () => {
      cancel()
      reject(signal?.reason as Error)
    }
    const cancel = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
