import type { Session, SessionState } from '../../common/connections'

/** What the downloads need to know of the session: whether, and to which connection, it is signed in. */
export type ConnectionStatus = Pick<SessionState, 'status'> & { session: Pick<Session, 'connectionId'> | null }

/** The narrow part of the session manager a feature uses; main/connections' SessionManager fits. */
export interface SessionSource<C, S extends ConnectionStatus = SessionState> {
  state(): S
  /** The Server API client of the signed-in connection (throws NotConnected when offline). */
  client(): C
  subscribe(listener: (state: S) => void): () => void
}
