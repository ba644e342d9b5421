import { AppError } from '../../common/errors'
import type { AuthContext, Authenticator } from './auth'

type Kerberos = typeof import('kerberos')

let loading: Promise<Kerberos> | null = null

/** `kerberos` is a native, optional dependency: loaded on first use, so the app starts without it. */
export function loadKerberos(): Promise<Kerberos> {
  loading ??= import('kerberos').then(
    (m) => (m as { default?: Kerberos }).default ?? m,
    (e: unknown) => {
      loading = null
      throw new AppError(
        'AuthUnavailable',
        `Windows sign-in (current user) is not available on this computer: the Kerberos module could not be loaded (${e instanceof Error ? e.message.split('\n')[0] : String(e)}). Use "Windows account" or "User name and password" instead, or reinstall JobQueue Desktop.`
      )
    }
  )
  return loading
}

/** What GSSAPI/SSPI said, in words a user can act on. */
export function kerberosError(e: unknown, host: string): AppError {
  const text = e instanceof Error ? e.message : String(e)
  if (/skew/i.test(text)) {
    return new AppError(
      'ClockSkew',
      "Windows sign-in failed: this computer's clock differs too much from the domain's. Set the date, time and time zone right, then try again.",
      { cause: text }
    )
  }
  if (/credentials cache|No credentials|not found.*ccache|ticket expired|expired/i.test(text)) {
    return new AppError(
      'Unauthorized',
      'Windows sign-in failed: you have no valid Kerberos ticket. Sign in to Windows with your domain account (or renew the ticket with kinit), or choose "Windows account" and enter your password.',
      { reason: 'NoTicket', cause: text }
    )
  }
  if (/Server not found|unknown server|not found in Kerberos database/i.test(text)) {
    return new AppError(
      'Unauthorized',
      `Windows sign-in failed: the domain does not know the service HTTP/${host}. Ask IT to register that SPN for the Granta MI server's account.`,
      { reason: 'NoSpn', cause: text }
    )
  }
  return new AppError('Unauthorized', `Windows sign-in failed: ${text}`, { cause: text })
}

/**
 * Negotiate (SPNEGO/Kerberos) with the logged-on user's ticket: SSPI on Windows, GSSAPI elsewhere, SPN
 * `HTTP@host`. A fresh token per request; the server's mutual-auth token is checked when it sends one.
 */
export class NegotiateAuthenticator implements Authenticator {
  readonly kind = 'negotiate'
  readonly scheme = 'negotiate'
  /** Set after the first successful sign-in: the principal the server accepted (`user@REALM`). */
  principal: string | null = null

  describe(): string {
    return 'Windows (current user)'
  }

  /** A 401 mid-session (ticket renewed, server restarted): the retry carries a fresh token. */
  onUnauthorized(): boolean {
    return true
  }

  async authorize(request: { url: URL; context: AuthContext }): Promise<Record<string, string>> {
    const kerberos = await loadKerberos()
    const host = request.url.hostname
    let token: string
    let client: Awaited<ReturnType<Kerberos['initializeClient']>>
    try {
      // The package's default flags ask for mutual authentication (and sequence checks).
      client = await kerberos.initializeClient(`HTTP@${host}`, { mechOID: kerberos.GSS_MECH_OID_SPNEGO })
      token = await client.step('')
    } catch (e) {
      throw kerberosError(e, host)
    }
    request.context.verifyResponse = async (header) => {
      const values = header === undefined ? [] : Array.isArray(header) ? header : [header]
      const reply = values.map((v) => /^Negotiate\s+([A-Za-z0-9+/=]+)\s*$/i.exec(v)?.[1]).find(Boolean)
      if (!reply) return
      try {
        await client.step(reply)
      } catch (e) {
        throw new AppError(
          'Unauthorized',
          `The server's answer to Windows sign-in did not prove it is ${host} (mutual authentication failed). Do not use this connection; tell IT.`,
          { reason: 'MutualAuth', cause: e instanceof Error ? e.message : String(e) }
        )
      }
      if (!client.contextComplete) {
        throw new AppError('Unauthorized', `The server ${host} did not finish Windows sign-in.`, {
          reason: 'MutualAuth'
        })
      }
    }
    return { authorization: `Negotiate ${token}` }
  }
}
