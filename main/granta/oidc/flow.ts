import * as oidc from 'openid-client'
import { AppError } from '../../../common/errors'
import { isLoopbackHttp, scopesFor, type BearerChallenge } from './challenge'
import { providerError } from './errors'
import { listenForRedirect } from './loopback'

export interface Tokens {
  accessToken: string
  /** Null when the provider issued none (then every expiry needs a browser sign-in). */
  refreshToken: string | null
  /** Epoch ms (by the injected clock) when the access token expires. */
  expiresAt: number
}

export interface OidcFlowOptions {
  /** Opens the provider's sign-in page in the system browser (Desktop.openSignIn). */
  openBrowser: (url: string) => Promise<void>
  /** How long the browser sign-in may take; 60 s like the official client. */
  signInTimeoutMs?: number
  /** Time allowed for each request to the provider. */
  requestTimeoutMs?: number
  clock?: () => Date
}

export const defaultSignInTimeoutMs = 60_000

/**
 * The OIDC authorization code flow with PKCE (S256), state and nonce, on openid-client: discovery from the
 * server's authority, a loopback redirect listener, refresh and revocation.
 */
export class OidcFlow {
  private readonly configs = new Map<string, Promise<oidc.Configuration>>()
  private readonly clock: () => Date

  constructor(private readonly options: OidcFlowOptions) {
    this.clock = options.clock ?? (() => new Date())
  }

  get signInTimeoutMs(): number {
    return this.options.signInTimeoutMs ?? defaultSignInTimeoutMs
  }

  /** Discovery from `authority` + /.well-known/openid-configuration (cached per authority and client). */
  configuration(challenge: BearerChallenge): Promise<oidc.Configuration> {
    const key = `${challenge.authority}\n${challenge.clientid}`
    let config = this.configs.get(key)
    if (!config) {
      config = this.discover(challenge)
      this.configs.set(key, config)
      config.catch(() => this.configs.delete(key))
    }
    return config
  }

  /** Signs in through the system browser; resolves with tokens, or throws an AppError a user understands. */
  async signIn(challenge: BearerChallenge, signal?: AbortSignal): Promise<Tokens> {
    const config = await this.configuration(challenge)
    await this.checkClient(config, challenge)
    const verifier = oidc.randomPKCECodeVerifier()
    const state = oidc.randomState()
    const nonce = oidc.randomNonce()
    const params: Record<string, string> = {
      redirect_uri: challenge.redirecturi,
      scope: scopesFor(challenge),
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(challenge.apiaudience ? { audience: challenge.apiaudience } : {})
    }
    const url = oidc.buildAuthorizationUrl(config, params)
    const wait = await listenForRedirect(challenge.redirecturi, { timeoutMs: this.signInTimeoutMs, signal })
    try {
      await this.options.openBrowser(url.href)
      const back = await wait.answer
      const response = await oidc.authorizationCodeGrant(config, back, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true
      })
      return this.tokens(response, null)
    } catch (e) {
      throw providerError(e, challenge, 'the sign-in')
    } finally {
      wait.close()
    }
  }

  /** A new access token from a refresh token; the provider may rotate the refresh token. */
  async refresh(challenge: BearerChallenge, refreshToken: string): Promise<Tokens> {
    try {
      const config = await this.configuration(challenge)
      const response = await oidc.refreshTokenGrant(config, refreshToken)
      return this.tokens(response, refreshToken)
    } catch (e) {
      throw providerError(e, challenge, 'to refresh the sign-in')
    }
  }

  /** Revokes a token where the provider supports it; a failure is not the user's problem (the token is forgotten). */
  async revoke(challenge: BearerChallenge, token: string, hint: 'refresh_token' | 'access_token'): Promise<boolean> {
    try {
      const config = await this.configuration(challenge)
      if (!config.serverMetadata().revocation_endpoint) return false
      await oidc.tokenRevocation(config, token, { token_type_hint: hint })
      return true
    } catch {
      return false
    }
  }

  private async discover(challenge: BearerChallenge): Promise<oidc.Configuration> {
    const authority = new URL(challenge.authority)
    const metadata: Partial<oidc.ClientMetadata> = {
      token_endpoint_auth_method: 'none',
      [oidc.clockSkew]: Math.round((this.clock().getTime() - Date.now()) / 1000)
    }
    try {
      return await oidc.discovery(authority, challenge.clientid, metadata, oidc.None(), {
        timeout: Math.ceil((this.options.requestTimeoutMs ?? 20_000) / 1000),
        ...(isLoopbackHttp(authority) ? { execute: [oidc.allowInsecureRequests] } : {})
      })
    } catch (e) {
      throw providerError(e, challenge, 'looking up its sign-in settings')
    }
  }

  /**
   * A wrong client id would leave the user on the provider's error page until the sign-in times out. A refresh
   * with a made-up token tells first: an unknown client gets invalid_client, a known one invalid_grant.
   */
  private async checkClient(config: oidc.Configuration, challenge: BearerChallenge): Promise<void> {
    try {
      await oidc.refreshTokenGrant(config, `probe-${oidc.randomState()}`)
    } catch (e) {
      if (e instanceof oidc.ResponseBodyError && (e.error === 'invalid_client' || e.error === 'unauthorized_client')) {
        throw providerError(e, challenge, 'the sign-in')
      }
      if (!(e instanceof oidc.ResponseBodyError)) throw providerError(e, challenge, 'the sign-in')
    }
  }

  private tokens(
    response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
    refreshToken: string | null
  ) {
    if (!response.access_token)
      throw new AppError('ServerResponseInvalid', 'The sign-in provider sent no access token.')
    const expiresIn = response.expiresIn() ?? 300
    return {
      accessToken: response.access_token,
      refreshToken: response.refresh_token ?? refreshToken,
      expiresAt: this.clock().getTime() + expiresIn * 1000
    }
  }
}
