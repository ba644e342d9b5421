import http, { type ClientRequestArgs } from 'node:http'
import https from 'node:https'
import type { Duplex } from 'node:stream'
import { AppError } from '../../common/errors'
import type { AuthChallenge, Authenticator, SignInAgents } from './auth'
import { exchange, type RawResponse } from './handshake-socket'
import { authenticateMessage, negotiateMessage, parseChallenge, splitAccount } from './ntlm'

type SignIn = (socket: Duplex, options: ClientRequestArgs) => Promise<void> | null

/** Waits for the socket to connect, lets `signIn` finish its handshake on it, then hands it to the HTTP client. */
function signedIn(
  socket: Duplex | null | undefined,
  options: ClientRequestArgs,
  signIn: SignIn,
  connectEvent: 'connect' | 'secureConnect',
  callback?: (err: Error | null, stream: Duplex) => void
): Duplex | null | undefined {
  if (!socket || !callback) return socket
  socket.once(connectEvent, () => {
    const pending = signIn(socket, options)
    if (!pending) return callback(null, socket)
    pending.then(
      () => callback(null, socket),
      (e: unknown) => {
        socket.destroy()
        callback(e as Error, socket)
      }
    )
  })
  socket.once('error', (e) => callback(e, socket))
  return undefined
}

class HttpSignInAgent extends http.Agent {
  constructor(private readonly signIn: SignIn) {
    super({ keepAlive: true, scheduling: 'lifo' })
  }
  override createConnection(options: ClientRequestArgs, cb?: (err: Error | null, stream: Duplex) => void) {
    return signedIn(super.createConnection(options), options, this.signIn, 'connect', cb)
  }
}

class HttpsSignInAgent extends https.Agent {
  constructor(private readonly signIn: SignIn) {
    super({ keepAlive: true, scheduling: 'lifo' })
  }
  override createConnection(options: https.RequestOptions, cb?: (err: Error | null, stream: Duplex) => void) {
    return signedIn(super.createConnection(options), options, this.signIn, 'secureConnect', cb)
  }
}

export interface NtlmOptions {
  /** `DOMAIN\user`, `user@domain` or `user`. */
  account: string
  password: string
  clock?: () => number
}

const header = (r: RawResponse, name: string): string[] => r.headers[name] ?? []

/**
 * NTLM signs in a TCP connection, not a request: every new socket to the connection's origin first does
 * type 1 → 401 with type 2 → type 3 on its own, and is then handed to got already signed in. So JSON calls,
 * streamed downloads and streamed uploads all go out on signed-in sockets, and no upload is ever sent into
 * a handshake it cannot replay.
 */
export class NtlmAuthenticator implements Authenticator {
  readonly kind = 'ntlm'
  readonly scheme = 'ntlm'
  /** Handshakes this client completed (one per socket). */
  handshakes = 0
  private readonly pools: http.Agent[] = []
  private readonly clock: () => number

  constructor(private readonly options: NtlmOptions) {
    if (options.account.trim() === '')
      throw new AppError('Validation', 'Enter a user name (DOMAIN\\user).', { field: 'username' })
    this.clock = options.clock ?? Date.now
  }

  describe(): string {
    return `${this.options.account} (Windows account, NTLM)`
  }

  authorize(): Record<string, string> {
    return {}
  }

  /**
   * A 401 on a signed-in socket: the server forgot it (and likely its idle siblings). Drop them; the retry
   * opens and signs in a new one.
   */
  onUnauthorized(_challenges: AuthChallenge[], socket?: Duplex): boolean {
    socket?.destroy()
    for (const agent of this.pools) {
      for (const idle of Object.values(agent.freeSockets).flat()) idle?.destroy()
    }
    return true
  }

  agents(o: { origin: URL; handshakePath: string; timeoutMs: number }): SignInAgents {
    const port = o.origin.port || (o.origin.protocol === 'https:' ? '443' : '80')
    const signIn: SignIn = (socket, options) =>
      (options.host ?? options.hostname) === o.origin.hostname && String(options.port) === port
        ? this.handshake(socket, o.origin.host, o.handshakePath, o.timeoutMs)
        : null
    const agents = { http: new HttpSignInAgent(signIn), https: new HttpsSignInAgent(signIn) }
    this.pools.push(agents.http, agents.https)
    return agents
  }

  private async handshake(socket: Duplex, host: string, path: string, timeoutMs: number): Promise<void> {
    const request = (token: Buffer) =>
      `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: NTLM ${token.toString('base64')}\r\nConnection: keep-alive\r\n\r\n`
    const first = await exchange(socket, request(negotiateMessage()), timeoutMs)
    const offered = header(first, 'www-authenticate')
    const token = offered.map((v) => /^NTLM\s+([A-Za-z0-9+/=]+)\s*$/i.exec(v)?.[1]).find(Boolean)
    if (first.status !== 401 || !token) {
      if (first.status >= 200 && first.status < 300) return
      throw new AppError(
        'Unauthorized',
        offered.length > 0
          ? `The server did not start Windows account (NTLM) sign-in; it offers ${offered.map((v) => v.split(/\s/)[0]).join(', ')}.`
          : `The server did not start Windows account (NTLM) sign-in (HTTP ${first.status}).`,
        { status: first.status }
      )
    }
    const challenge = parseChallenge(Buffer.from(token, 'base64'))
    const { username, domain } = splitAccount(this.options.account)
    const credentials = { username, domain: domain || challenge.domain || '', password: this.options.password }
    const answer = await authenticateMessage(credentials, challenge, { nowMs: this.clock() })
    const last = await exchange(socket, request(answer), timeoutMs)
    if (last.status === 401) throw this.refused(challenge.serverTimeMs)
    this.handshakes++
  }

  private refused(serverTimeMs: number | null): AppError {
    const skewMs = serverTimeMs === null ? 0 : Math.abs(serverTimeMs - this.clock())
    if (skewMs > 5 * 60_000) {
      return new AppError(
        'ClockSkew',
        `Windows sign-in failed: this computer's clock is ${Math.round(skewMs / 60_000)} minutes off the server's. Set the date, time and time zone right (or let Windows set them), then try again.`,
        { skewMs }
      )
    }
    return new AppError(
      'Unauthorized',
      `The server did not accept the Windows account ${this.options.account} or its password. Check them (DOMAIN\\user) and try again.`,
      { status: 401 }
    )
  }
}
