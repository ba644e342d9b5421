import type { ConnectionTestResult } from '../../../../common/connections'
import type { ErrorValue } from '../../../../common/errors'

/** A test result that failed before any step ran. */
export function failedTest(error: ErrorValue | null): ConnectionTestResult {
  return { ok: false, steps: [], serverVersion: null, user: null, error }
}
