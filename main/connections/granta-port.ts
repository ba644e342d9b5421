import type { ConnectStep } from '../../common/connections'
import type { CurrentUser, ProcessingConfiguration } from '../../common/domain'
import type { Logger } from '../log'
import type { Authenticator } from '../granta/auth'

/**
 * What connections needs from the Server API client (main/granta): the parts of its `connect`
 * that this folder calls. app.ts passes the real `connect`; the shapes match main/granta's.
 */
export interface GrantaProfile {
  url: string
  auth:
    | { kind: 'anonymous' }
    | { kind: 'negotiate' }
    | { kind: 'basic' | 'ntlm'; username: string; password: string }
    | { kind: 'oidc'; session: Authenticator }
  tls?: { caFile?: string; useSystemStore?: boolean }
  timeoutMs?: number
}

export interface GrantaSessionClient {
  readonly serverVersion: string
  currentUser(): Promise<CurrentUser>
  processingConfiguration(): Promise<ProcessingConfiguration>
  /** Releases its sockets; the session calls it when the client is dropped. */
  close(): void
}

export type GrantaConnect<C extends GrantaSessionClient> = (
  profile: GrantaProfile,
  options: {
    onStep?: (step: ConnectStep) => void
    onOffered?: (offer: { schemes: string[]; anonymous: boolean }) => void
    signal?: AbortSignal
    logger: Logger
    onSignInRefused?: () => void
  }
) => Promise<C>
