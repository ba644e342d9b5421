import { flushPromises } from '@vue/test-utils'
import { nextTick } from 'vue'

/** Calls the test bridges have sent to main and not had answered yet. */
const inFlight = new Set<Promise<unknown>>()

/** Counts a bridge call as in flight until it settles (the bridges wrap every invoke in this). */
export function track<T>(call: Promise<T>): Promise<T> {
  inFlight.add(call)
  void call.then(
    () => inFlight.delete(call),
    () => inFlight.delete(call)
  )
  return call
}

/**
 * Lets the page settle: flushes promises and Vue's next tick, and waits for main's answers, until no call
 * is in flight (answers may start further calls). The one way renderer tests wait for the app.
 */
export async function settle(): Promise<void> {
  for (let round = 0; round < 100; round++) {
    await flushPromises()
    await nextTick()
    if (inFlight.size === 0) return
    await Promise.allSettled([...inFlight])
  }
  throw new Error('the page did not settle: calls to main kept coming')
}
