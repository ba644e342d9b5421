import { OidcFlow, OidcSession, type RefreshTokenStore } from '../granta/oidc'
import { secretAccount, type SecretStore } from './secret-store'

export interface OidcSessionsOptions {
  /** The OS keychain: the only place a refresh token is kept. */
  keychain: SecretStore
  /** Opens the provider's sign-in page in the system browser (Desktop.openSignIn). */
  openBrowser: (url: string) => Promise<void>
  clock?: () => Date
  /** A refresh was refused mid-session: tell the user once (a notice) before the browser opens again. */
  onSignInNeeded?: (message: string) => void
  signInTimeoutMs?: number
}

/** The account of a connection's refresh token in the keychain. */
export const refreshTokenAccount = (connectionId: string): string => secretAccount(connectionId, 'oidc-refresh-token')

/**
 * One OIDC session per connection, kept across reconnects (the access token stays in memory). A test of unsaved
 * form values signs in to a memory-only session; saving that connection adopts it, so the user signs in once.
 */
export class OidcSessions {
  private readonly sessions = new Map<string, OidcSession>()
  private readonly tested = new Map<string, OidcSession>()
  private readonly flow: OidcFlow

  constructor(private readonly options: OidcSessionsOptions) {
    this.flow = new OidcFlow({
      openBrowser: options.openBrowser,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.signInTimeoutMs ? { signInTimeoutMs: options.signInTimeoutMs } : {})
    })
  }

  /** The session of a saved connection, signing in with its keychain refresh token when there is one. */
  forConnection(id: string, url: string): OidcSession {
    let session = this.sessions.get(id)
    if (!session) {
      const store = this.keychainStore(id)
      const tested = this.tested.get(url)
      this.tested.delete(url)
      session = tested ?? this.create(store)
      if (tested) void tested.moveTo(store).catch(() => {})
      this.sessions.set(id, session)
    }
    return session
  }

  /** A session for testing unsaved values of `url`; its tokens live in memory only. */
  forTest(url: string): OidcSession {
    const session = this.create(memoryStore())
    this.tested.set(url, session)
    return session
  }

  /** True when a refresh token for the connection is in the keychain. */
  async hasSaved(id: string): Promise<boolean> {
    return (
      (await this.keychainStore(id)
        .get()
        .catch(() => null)) !== null
    )
  }

  /** Waits (bounded) for refreshes under way to reach the keychain: called before the app quits. */
  async settle(): Promise<void> {
    await Promise.all([...this.sessions.values(), ...this.tested.values()].map((s) => s.settle()))
  }

  /** Sign out: forget the tokens (memory and keychain) and revoke them. */
  async signOut(id: string): Promise<void> {
    const session = this.sessions.get(id)
    this.sessions.delete(id)
    if (session) await session.signOut()
    else await this.keychainStore(id).delete()
  }

  private create(store: RefreshTokenStore): OidcSession {
    return new OidcSession({
      flow: this.flow,
      store,
      ...(this.options.clock ? { clock: this.options.clock } : {}),
      ...(this.options.onSignInNeeded ? { onSignInNeeded: this.options.onSignInNeeded } : {})
    })
  }

  private keychainStore(id: string): RefreshTokenStore {
    const account = refreshTokenAccount(id)
    const keychain = this.options.keychain
    return {
      get: () => keychain.get(account).catch(() => null),
      // Without a working keychain the token stays in memory for this session only, never in a file.
      set: (token) => keychain.set(account, token).catch(() => {}),
      delete: async () => {
        await keychain.delete(account)
      }
    }
  }
}

function memoryStore(): RefreshTokenStore {
  let value: string | null = null
  return {
    get: () => Promise.resolve(value),
    set: (token) => {
      value = token
      return Promise.resolve()
    },
    delete: () => {
      value = null
      return Promise.resolve()
    }
  }
}
