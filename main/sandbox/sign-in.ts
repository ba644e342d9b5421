import { randomBytes } from 'node:crypto'
import type { Socket } from 'node:net'
import { challengeMessage, messageType, parseAuthenticate, verifyAuthenticate } from '../granta/ntlm'
import { authenticate as basicUser, challenge as basicChallenge } from './auth'
import type { BearerVerifier } from './oidc/bearer'
import type { SandboxUser } from './options'

/**
 * `anonymous`: a request without credentials acts as the first user with write access; `oidc`: Bearer access
 * tokens from the sandbox's provider.
 */
export const sandboxSchemes = ['basic', 'negotiate', 'ntlm', 'oidc', 'anonymous'] as const
export type SandboxScheme = (typeof sandboxSchemes)[number]

export interface SignInOptions {
  schemes: readonly SandboxScheme[]
  users: readonly SandboxUser[]
  clock: () => Date
  /** The NTLM domain the sandbox names in its challenges. */
  domain?: string
  /** Negotiate: the service the keytab (KRB5_KTNAME) holds a key for. */
  service?: string
  /** NTLM: the most the client's clock may differ from the server's. */
  maxSkewMs?: number
  /** OIDC: checks Bearer tokens and writes the Bearer challenge. */
  bearer?: BearerVerifier
}

/** One TCP connection as the sandbox saw it: NTLM signs in a connection, as IIS keeps it. */
export interface SocketSession {
  socket: number
  user: string | null
  handshakes: number
  requests: number
  routes: Record<string, number>
}

interface SocketState extends SocketSession {
  challenge: Buffer | null
}

export type SignInResult =
  { ok: true; user: SandboxUser; mutual?: string } | { ok: false; challenges: string[]; message: string }

type KerberosServer = { step(token: string): Promise<void>; username: string; response: string }
type Kerberos = { initializeServer(service: string): Promise<KerberosServer> }

/** Basic, Negotiate (Kerberos via the `kerberos` package) and NTLMv2, in any combination, as IIS offers them. */
export class SandboxSignIn {
  private readonly sockets = new WeakMap<Socket, SocketState>()
  private readonly all: SocketState[] = []
  private kerberos: Promise<Kerberos> | null = null
  private readonly domain: string
  private readonly maxSkewMs: number

  constructor(private readonly o: SignInOptions) {
    this.domain = o.domain ?? 'SANDBOX'
    this.maxSkewMs = o.maxSkewMs ?? 5 * 60_000
    if (o.schemes.length === 0) throw new Error('The sandbox needs at least one sign-in scheme.')
    if (o.schemes.includes('oidc') && !o.bearer) throw new Error('The sandbox needs a Bearer verifier for oidc.')
  }

  /** One `WWW-Authenticate` value per scheme, in the order given. */
  challenges(extra?: string, refused?: { error: string; description: string }): string[] {
    const one: Record<Exclude<SandboxScheme, 'anonymous'>, () => string> = {
      basic: () => basicChallenge,
      negotiate: () => 'Negotiate',
      ntlm: () => (extra ? `NTLM ${extra}` : 'NTLM'),
      oidc: () => this.o.bearer?.challenge(refused) ?? 'Bearer'
    }
    return this.o.schemes.filter((s) => s !== 'anonymous').map((s) => one[s]())
  }

  /** Forgets every connection's NTLM sign-in, as a server does when a session expires: the next request gets a 401. */
  forget(): void {
    for (const s of this.all) s.user = null
  }

  sessions(): SocketSession[] {
    return this.all.map(({ challenge: _c, ...s }) => ({ ...s, routes: { ...s.routes } }))
  }

  async check(socket: Socket, header: string | undefined, route: string): Promise<SignInResult> {
    const state = this.state(socket)
    state.requests++
    state.routes[route] = (state.routes[route] ?? 0) + 1
    const m = /^(\w+)\s+(\S+)\s*$/.exec(header ?? '')
    const scheme = m?.[1]?.toLowerCase()
    if (scheme === 'ntlm' && this.o.schemes.includes('ntlm'))
      return this.ntlm(state, Buffer.from(m?.[2] ?? '', 'base64'))
    if (scheme === 'negotiate' && this.o.schemes.includes('negotiate')) return this.negotiate(m?.[2] ?? '')
    if (scheme === 'bearer' && this.o.bearer && this.o.schemes.includes('oidc')) return this.bearer(m?.[2] ?? '')
    if (scheme === 'basic' && this.o.schemes.includes('basic')) {
      const user = basicUser(header, this.o.users)
      return user ? { ok: true, user } : this.refuse('The user name or password is wrong.')
    }
    const signedIn = state.user === null ? undefined : this.user(state.user)
    if (signedIn) return { ok: true, user: signedIn }
    const guest = this.o.schemes.includes('anonymous') && !header && this.o.users.find((u) => u.hasWriteAccess)
    if (guest) return { ok: true, user: guest }
    return this.refuse(header ? 'The sandbox does not accept this sign-in scheme.' : 'Sign in first.')
  }

  private state(socket: Socket): SocketState {
    let s = this.sockets.get(socket)
    if (!s) {
      s = { socket: this.all.length + 1, user: null, handshakes: 0, requests: 0, routes: {}, challenge: null }
      this.sockets.set(socket, s)
      this.all.push(s)
    }
    return s
  }

  private user(name: string): SandboxUser | undefined {
    return this.o.users.find((u) => u.username.toLowerCase() === name.toLowerCase())
  }

  private refuse(message: string, ntlmToken?: string): SignInResult {
    return { ok: false, challenges: this.challenges(ntlmToken), message }
  }

  private async bearer(token: string): Promise<SignInResult> {
    const r = await this.o.bearer!.verify(token)
    const user = r.ok ? this.user(r.username) : undefined
    if (user) return { ok: true, user }
    const why = r.ok ? { error: 'invalid_token', description: `${r.username} is not a user of this server` } : r
    return {
      ok: false,
      challenges: this.challenges(undefined, why),
      message: `The access token was refused: ${why.description}.`
    }
  }

  private async ntlm(state: SocketState, token: Buffer): Promise<SignInResult> {
    const type = messageType(token)
    if (type === 1) {
      state.user = null
      state.challenge = randomBytes(8)
      const nowMs = this.o.clock().getTime()
      const type2 = challengeMessage({
        serverChallenge: state.challenge,
        domain: this.domain,
        computer: 'GRANTA',
        nowMs
      })
      return { ok: false, challenges: [`NTLM ${type2.toString('base64')}`], message: 'NTLM handshake: challenge.' }
    }
    const challenge = state.challenge
    state.challenge = null
    if (type !== 3 || !challenge) return this.refuse('The NTLM handshake is out of order.')
    const answer = parseAuthenticate(token)
    const user = this.user(answer.username)
    const verdict = user
      ? await verifyAuthenticate(answer, challenge, user.password)
      : { ok: false, clientTimeMs: null }
    if (!user || !verdict.ok) return this.refuse('The user name or password is wrong.')
    const skew = Math.abs((verdict.clientTimeMs ?? 0) - this.o.clock().getTime())
    if (skew > this.maxSkewMs) return this.refuse('The client clock is too far from the server clock.')
    state.user = user.username
    state.handshakes++
    return { ok: true, user }
  }

  private async negotiate(token: string): Promise<SignInResult> {
    this.kerberos ??= import('kerberos').then((m) => ((m as { default?: unknown }).default ?? m) as Kerberos)
    const kerberos = await this.kerberos
    const server = await kerberos.initializeServer(this.o.service ?? 'HTTP@localhost')
    try {
      await server.step(token)
    } catch (e) {
      return this.refuse(`Kerberos refused the ticket: ${e instanceof Error ? e.message : String(e)}`)
    }
    // `admin@REALM` is the sandbox user admin.
    const user = this.user(server.username.split('@')[0] ?? '')
    if (!user) return this.refuse(`${server.username} is not a user of this sandbox.`)
    return { ok: true, user, ...(server.response ? { mutual: server.response } : {}) }
  }
}
