import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose'

/** What the sandbox announces in its Bearer challenge, and checks in access tokens. */
export interface BearerSettings {
  /** The provider's issuer URL. */
  authority: string
  clientId: string
  /** The loopback URI the app listens on (registered with the provider). */
  redirectUri: string
  /** Required `aud` of access tokens. */
  audience: string
  scope: string
}

export type BearerResult = { ok: true; username: string } | { ok: false; error: string; description: string }

const quote = (v: string): string => `"${v.replace(/["\\]/g, '\\$&')}"`

/** Checks access tokens like a Granta MI server set up for OIDC: signature (provider's JWKS), iss, aud, exp. */
export class BearerVerifier {
  private jwks: JWTVerifyGetKey | undefined

  constructor(
    readonly settings: BearerSettings,
    private readonly clock: () => Date
  ) {}

  /** `Bearer redirecturi=…, authority=…, clientid=…, scope=…, apiaudience=…` (+ error when a token was refused). */
  challenge(refused?: { error: string; description: string }): string {
    const s = this.settings
    const params = [
      `redirecturi=${quote(s.redirectUri)}`,
      `authority=${quote(s.authority)}`,
      `clientid=${quote(s.clientId)}`,
      `scope=${quote(s.scope)}`,
      `apiaudience=${quote(s.audience)}`
    ]
    if (refused) params.push(`error=${quote(refused.error)}`, `error_description=${quote(refused.description)}`)
    return `Bearer ${params.join(', ')}`
  }

  async verify(token: string): Promise<BearerResult> {
    try {
      const { payload } = await jwtVerify(token, await this.keys(), {
        issuer: this.settings.authority,
        audience: this.settings.audience,
        currentDate: this.clock(),
        clockTolerance: 5,
        algorithms: ['RS256', 'PS256', 'ES256']
      })
      if (typeof payload.sub !== 'string' || payload.sub === '') return refused('the token names no user')
      return { ok: true, username: payload.sub }
    } catch (e) {
      if (e instanceof errors.JWTExpired) return refused('the token has expired')
      if (e instanceof errors.JWTClaimValidationFailed) {
        if (e.claim === 'aud') return refused(`the token is for another audience than ${this.settings.audience}`)
        if (e.claim === 'iss') return refused(`the token was not issued by ${this.settings.authority}`)
        if (e.claim === 'nbf' || e.claim === 'iat') return refused('the token is not valid yet')
        return refused(`the token's ${e.claim} claim is wrong`)
      }
      if (e instanceof errors.JOSEError) return refused(`the token cannot be checked (${e.code})`)
      return refused('the token cannot be checked')
    }
  }

  private async keys(): Promise<JWTVerifyGetKey> {
    if (this.jwks) return this.jwks
    const r = await fetch(`${this.settings.authority.replace(/\/+$/, '')}/.well-known/openid-configuration`)
    const doc = (await r.json()) as { jwks_uri?: unknown }
    if (typeof doc.jwks_uri !== 'string') throw new errors.JOSEError('the provider names no jwks_uri')
    this.jwks = createRemoteJWKSet(new URL(doc.jwks_uri))
    return this.jwks
  }
}

function refused(description: string): BearerResult {
  return { ok: false, error: 'invalid_token', description }
}
