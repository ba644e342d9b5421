import { vi } from 'vitest'

/**
 * Waits until `check` gives something truthy (it may be async), polling; fails with `what` after `timeoutMs`.
 * A wait on a condition, never a fixed sleep.
 */
export async function until<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000
): Promise<T> {
  try {
    return await vi.waitUntil(check, { timeout: timeoutMs, interval: 20 })
  } catch (e) {
    throw new Error(`timed out waiting for ${what}`, { cause: e })
  }
}
