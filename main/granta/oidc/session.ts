import { AppError } from '../../../common/errors'
import { describeSchemes, type AuthChallenge, type Authenticator } from '../auth'
import { bearerChallenge, type BearerChallenge } from './challenge'
import type { OidcFlow, Tokens } from './flow'

/** Where the refresh token of one connection is kept: the OS keychain (or memory for an unsaved test). */
export interface RefreshTokenStore {
  get(): Promise<string | null>
  set(token: string): Promise<void>
  delete(): Promise<void>
}

export interface OidcSessionOptions {
  flow: OidcFlow
  store: RefreshTokenStore
  clock?: () => Date
  /**
   * When the provider refuses a refresh: told, and the browser sign-in opens again at once (the command line).
   * Without it (the app), the request fails with Unauthorized and the user is asked to sign in with a notice.
   */
  onSignInNeeded?: (message: string) => void
}

/**
 * The `bearer` Authenticator: the access token in memory, refreshed silently shortly before it expires and
 * after a 401; the refresh token in the store only. The header goes only to the connection's own origin.
 */
export class OidcSession implements Authenticator {
  readonly kind = 'oidc'
  readonly scheme = 'bearer'
  private challenge: BearerChallenge | null = null
  private origin: string | null = null
  private tokens: (Tokens & { lifetimeMs: number }) | null = null
  private renewing: Promise<boolean> | null = null
  /** Refreshes (and keychain writes) under way: a quit waits for them, or the rotated token would be lost. */
  private readonly inFlight = new Set<Promise<unknown>>()
  private readonly clock: () => Date

  private store: RefreshTokenStore

  constructor(private readonly options: OidcSessionOptions) {
    this.clock = options.clock ?? (() => new Date())
    this.store = options.store
  }

  /** Keeps the refresh token in another store from now on (a tested connection was saved: the keychain). */
  moveTo(store: RefreshTokenStore): Promise<void> {
    return this.track(this.doMoveTo(store))
  }

  /**
   * Waits, at most `timeoutMs`, until no refresh is under way and its new refresh token is in the store. The
   * provider rotates refresh tokens: quitting between its answer and the keychain write would keep a spent one.
   */
  async settle(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))
    try {
      while (this.inFlight.size > 0) {
        const all = Promise.allSettled([...this.inFlight]).then(() => 'done' as const)
        if ((await Promise.race([all, late.then(() => 'late' as const)])) === 'late') return
      }
    } finally {
      clearTimeout(timer)
    }
  }

  private async doMoveTo(store: RefreshTokenStore): Promise<void> {
    const token = this.tokens?.refreshToken ?? (await this.store.get())
    await this.store.delete()
    this.store = store
    if (token) await store.set(token)
  }

  get signInTimeoutMs(): number {
    return this.options.flow.signInTimeoutMs
  }

  describe(): string {
    return 'single sign-on (OIDC)'
  }

  /** Connect's authenticate step: silently with a saved refresh token, else in the browser. */
  async signIn(challenges: AuthChallenge[], context: { signal?: AbortSignal; origin: string }): Promise<string> {
    const challenge = bearerChallenge(challenges, describeSchemes(challenges))
    const same = this.challenge && sameProvider(this.challenge, challenge)
    this.challenge = challenge
    this.origin = context.origin
    if (same && this.tokens && !this.expiring()) return 'Signed in with single sign-on.'
    const saved = await this.store.get()
    if (saved) {
      try {
        await this.refreshWith(challenge, saved)
        return 'Signed in silently with the saved single sign-on.'
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'Unauthorized') throw e
        await this.store.delete()
      }
    }
    await this.keep(await this.options.flow.signIn(challenge, context.signal))
    return 'Signed in with single sign-on in your browser.'
  }

  async authorize(request: { url: URL }): Promise<Record<string, string>> {
    if (!this.tokens || request.url.origin !== this.origin) return {}
    if (this.expiring()) await this.renew()
    return this.tokens ? { authorization: `Bearer ${this.tokens.accessToken}` } : {}
  }

  async onUnauthorized(): Promise<boolean> {
    if (!this.challenge || !this.tokens) return false
    return this.renew(true)
  }

  /** Forgets the tokens (memory and keychain) and revokes them where the provider supports it. */
  async signOut(): Promise<void> {
    const tokens = this.tokens
    const saved = await this.store.get().catch(() => null)
    this.tokens = null
    await this.store.delete()
    if (!this.challenge) return
    const refresh = saved ?? tokens?.refreshToken
    if (refresh) await this.options.flow.revoke(this.challenge, refresh, 'refresh_token')
    if (tokens) await this.options.flow.revoke(this.challenge, tokens.accessToken, 'access_token')
  }

  /** One renewal at a time; requests that need a token wait for it. */
  private renew(force = false): Promise<boolean> {
    this.renewing ??= this.doRenew(force).finally(() => (this.renewing = null))
    return this.renewing
  }

  private async doRenew(force: boolean): Promise<boolean> {
    const challenge = this.challenge
    if (!challenge || (!force && this.tokens && !this.expiring())) return true
    const refreshToken = this.tokens?.refreshToken ?? (await this.store.get())
    if (refreshToken) {
      try {
        await this.refreshWith(challenge, refreshToken)
        return true
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'Unauthorized') return false
        await this.store.delete().catch(() => {})
      }
    }
    if (!this.options.onSignInNeeded) {
      this.tokens = null
      return false
    }
    this.options.onSignInNeeded(
      `Your single sign-on session ended. Sign in again in your browser; transfers and submissions go on after that.`
    )
    try {
      await this.keep(await this.options.flow.signIn(challenge))
      return true
    } catch {
      this.tokens = null
      return false
    }
  }

  private refreshWith(challenge: BearerChallenge, refreshToken: string): Promise<void> {
    return this.track(this.options.flow.refresh(challenge, refreshToken).then((tokens) => this.keep(tokens)))
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work)
    const forget = (): void => void this.inFlight.delete(work)
    work.then(forget, forget)
    return work
  }

  private async keep(tokens: Tokens): Promise<void> {
    this.tokens = { ...tokens, lifetimeMs: Math.max(0, tokens.expiresAt - this.clock().getTime()) }
    if (tokens.refreshToken) await this.store.set(tokens.refreshToken)
  }

  /** Renew when less than a third of the lifetime (at most 30 s) is left. */
  private expiring(): boolean {
    if (!this.tokens) return true
    const margin = Math.min(30_000, this.tokens.lifetimeMs / 3)
    return this.tokens.expiresAt - this.clock().getTime() <= margin
  }
}

function sameProvider(a: BearerChallenge, b: BearerChallenge): boolean {
  return a.authority === b.authority && a.clientid === b.clientid && a.apiaudience === b.apiaudience
}
