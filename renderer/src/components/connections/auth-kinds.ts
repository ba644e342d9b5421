import type { AuthKind, ConnectionTestResult } from '../../../../common/connections'
import type { ErrorValue } from '../../../../common/errors'

/** The sign-in kinds the connection dialog offers, in the order shown. */
export const authOptions: { label: string; value: AuthKind }[] = [
  { label: 'User name and password', value: 'basic' },
  { label: 'Single sign-on (OIDC)', value: 'oidc' },
  { label: 'Anonymous', value: 'anonymous' }
]

/** The kind a Test connection preselects from the schemes the server offered, or null to leave the choice. */
export function preferredKind(schemes: readonly string[]): AuthKind | null {
  const offered = new Set(schemes.map((s) => s.toLowerCase()))
  const windows = offered.has('negotiate') || offered.has('ntlm')
  if (offered.has('bearer') && !windows) return 'oidc'
  return null
}

/** The schemes a failed connection test names (the authenticate step's error detail), if any. */
export function offeredSchemes(detail: unknown): string[] {
  const schemes = (detail as { schemes?: unknown } | null | undefined)?.schemes
  return Array.isArray(schemes) ? schemes.filter((s): s is string => typeof s === 'string') : []
}

/** A test result that failed before any step ran. */
export function failedTest(error: ErrorValue | null): ConnectionTestResult {
  return { ok: false, steps: [], serverVersion: null, user: null, error }
}
