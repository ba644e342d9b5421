import type { SessionState } from '../../common/connections'

/** A connected session state for one of the sandbox's kinds of user, as main reports it in `session.changed`. */
export function connectedAs(user: 'admin' | 'writer' | 'reader'): SessionState {
  return {
    status: 'connected',
    session: {
      connectionId: 'c-sandbox',
      connectionName: 'Sandbox',
      url: 'http://127.0.0.1:9/mi_servicelayer',
      username: user,
      isAdmin: user === 'admin',
      hasWriteAccess: user !== 'reader',
      serverVersion: '25.2',
      processingConfiguration: {
        purgeJobAgeInMilliseconds: 604_800_000,
        purgeIntervalInMilliseconds: 86_400_000,
        pollingIntervalInMilliseconds: 5_000,
        concurrency: 1
      },
      connectedAt: '2026-12-02T08:00:00.000Z'
    },
    connecting: null,
    lastError: null,
    notice: null
  }
}
