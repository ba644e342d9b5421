import type http from 'node:http'
import type https from 'node:https'
import type { Duplex } from 'node:stream'
import { AppError } from '../../common/errors'
import { NegotiateAuthenticator } from './negotiate-auth'
import { NtlmAuthenticator } from './ntlm-auth'

/** How a connection signs in. A new kind is a new member here plus an Authenticator. */
export type AuthSettings =
  | { kind: 'anonymous' }
  | { kind: 'basic'; username: string; password: string }
  /** Windows account: `DOMAIN\user` (or `user`) and its password, over NTLMv2. */
  | { kind: 'ntlm'; username: string; password: string }
  /** Windows (current user): the logged-on user's Kerberos ticket over SPNEGO; nothing stored. */
  | { kind: 'negotiate' }
  /** Single sign-on: the session (main/granta/oidc) holds the tokens across reconnects of one connection. */
  | { kind: 'oidc'; session: Authenticator }

/** Connection pools whose sockets sign themselves in (NTLM) before the HTTP client uses them. */
export interface SignInAgents {
  http: http.Agent
  https: https.Agent
}

/** What `authorize` may leave for the response: a check of the server's answer (Negotiate mutual auth). */
export interface AuthContext {
  verifyResponse?: (wwwAuthenticate: string | string[] | undefined) => Promise<void>
}

/** One scheme offered in a `WWW-Authenticate` header, with its parameters (OIDC sends authority, clientid, ...). */
export interface AuthChallenge {
  scheme: string
  params: Record<string, string>
}

/**
 * Signs requests. The HTTP layer calls `authorize` before every request and `onUnauthorized` after a 401,
 * so multi-round schemes (Negotiate/NTLM) and refreshable tokens (OIDC) fit without touching job operations.
 */
export interface Authenticator {
  readonly kind: string
  /** The `WWW-Authenticate` scheme this authenticator answers (lower case), or null for anonymous. */
  readonly scheme: string | null
  /** For messages: "writer (Basic)". */
  describe(): string
  /** Headers to add to a request (only ever for the connection's own origin). */
  authorize(request: {
    url: URL
    method: string
    context: AuthContext
  }): Promise<Record<string, string>> | Record<string, string>
  /**
   * Called on a 401. Return true to repeat the request once with fresh headers (next handshake leg,
   * refreshed token, new socket); false to let the 401 through.
   */
  onUnauthorized?(challenges: AuthChallenge[], socket?: Duplex): Promise<boolean> | boolean
  /** Connection-based schemes (NTLM) bring their own pools. */
  agents?(o: { origin: URL; handshakePath: string; timeoutMs: number }): SignInAgents
  /**
   * Schemes that sign in before the first request (OIDC in the browser): called by connect's authenticate step
   * with the probe's challenges and the connection's origin; returns the step's message.
   */
  signIn?(challenges: AuthChallenge[], context: { signal?: AbortSignal; origin: string }): Promise<string>
  /** Extra time the authenticate step allows for `signIn` (a browser sign-in takes up to 60 s). */
  readonly signInTimeoutMs?: number
}

export class AnonymousAuthenticator implements Authenticator {
  readonly kind = 'anonymous'
  readonly scheme = null
  describe(): string {
    return 'anonymous'
  }
  authorize(): Record<string, string> {
    return {}
  }
}

export class BasicAuthenticator implements Authenticator {
  readonly kind = 'basic'
  readonly scheme = 'basic'
  private readonly header: string

  constructor(
    readonly username: string,
    password: string
  ) {
    if (username === '') throw new AppError('Validation', 'Enter a user name.', { field: 'username' })
    if (username.includes(':')) {
      throw new AppError('Validation', 'A user name for Basic sign-in cannot contain ":".', { field: 'username' })
    }
    this.header = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`
  }

  describe(): string {
    return `${this.username} (Basic)`
  }

  authorize(): Record<string, string> {
    return { authorization: this.header }
  }
}

export function createAuthenticator(settings: AuthSettings): Authenticator {
  switch (settings.kind) {
    case 'anonymous':
      return new AnonymousAuthenticator()
    case 'basic':
      return new BasicAuthenticator(settings.username, settings.password)
    case 'ntlm':
      return new NtlmAuthenticator({ account: settings.username, password: settings.password })
    case 'negotiate':
      return new NegotiateAuthenticator()
    case 'oidc':
      return settings.session
  }
}

/**
 * Parses `WWW-Authenticate` values (several headers, or several challenges in one) into schemes and parameters.
 * Good enough for what servers send in practice: `Basic realm="x"`, `NTLM`, `Negotiate`, `Bearer authority="..", clientid=".."`.
 */
export function parseChallenges(header: string | string[] | undefined): AuthChallenge[] {
  if (header === undefined) return []
  const out: AuthChallenge[] = []
  for (const value of Array.isArray(header) ? header : [header]) {
    let current: AuthChallenge | null = null
    // Commas inside quoted strings are text; an item `Scheme [rest]` (a token not followed by `=`) starts a challenge.
    for (const item of value.match(/(?:"(?:[^"\\]|\\.)*"?|[^,"])+/g) ?? []) {
      const scheme = /^\s*([A-Za-z][\w-]*)(?:\s+(?!=)(.*)|\s*)$/s.exec(item)
      if (scheme) {
        current = { scheme: (scheme[1] ?? '').toLowerCase(), params: {} }
        out.push(current)
      }
      if (current) addParams(current.params, scheme ? (scheme[2] ?? '') : item)
    }
  }
  return out
}

function addParams(params: Record<string, string>, text: string): void {
  if (/^\s*[\w.~+/-]+=*\s*$/.test(text)) return // a token68 (NTLM's base64 message), not parameters
  const re = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g
  for (let p = re.exec(text); p; p = re.exec(text)) {
    params[(p[1] ?? '').toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1')
  }
}

export function describeSchemes(challenges: AuthChallenge[]): string {
  const names: Record<string, string> = {
    basic: 'Basic',
    ntlm: 'NTLM',
    negotiate: 'Windows (Negotiate)',
    bearer: 'OIDC (Bearer)'
  }
  const list = [...new Set(challenges.map((c) => names[c.scheme] ?? c.scheme))]
  return list.length > 0 ? list.join(', ') : 'none named'
}
