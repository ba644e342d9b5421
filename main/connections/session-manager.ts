import {
  connectStepNames,
  offeredKinds,
  type AuthKind,
  type ConnectStep,
  type ConnectionTestResult,
  type PasswordStorage,
  type SandboxUser,
  type Session,
  type SessionState
} from '../../common/connections'
import { AppError, toErrorValue } from '../../common/errors'
import type { ConnectTarget, ConnectionsService } from './connections-service'
import type { Logger } from '../log'
import { NEVER_SAVE_MESSAGE } from './password-vault'
import type { GrantaConnect, GrantaSessionClient } from './granta-port'

export interface SessionManagerOptions<C extends GrantaSessionClient> {
  connections: ConnectionsService
  /** main/granta's connect. */
  connect: GrantaConnect<C>
  clock?: () => Date
  logger: Logger
}

export interface ConnectRequest {
  id: string
  password?: string
  remember?: PasswordStorage
  sandboxUser?: SandboxUser
}

type Listener = (state: SessionState) => void
export interface ServerOffer {
  schemes: string[]
  anonymous: boolean
}

const offline: SessionState = { status: 'offline', session: null, connecting: null, lastError: null, notice: null }

/**
 * The one live session: connect, disconnect, reconnect on start, and the client other services use.
 * Only the latest connect attempt may change the state; an older one that finishes late is dropped.
 */
export class SessionManager<C extends GrantaSessionClient> {
  private current: SessionState = offline
  private live: C | null = null
  /** What the live client's server offered at its probe: `WWW-Authenticate` schemes, anonymous access. */
  private liveOffer: ServerOffer | null = null
  private attempt = 0
  private controller: AbortController | null = null
  private readonly listeners = new Set<Listener>()

  constructor(private readonly options: SessionManagerOptions<C>) {}

  state(): SessionState {
    return this.current
  }

  /** The live Server API client; throws NotConnected when offline. */
  client(): C {
    if (!this.live || this.current.status !== 'connected') {
      throw new AppError(
        'NotConnected',
        'JobQueue Desktop is not connected to a Granta MI server. Connect on the Connections page.'
      )
    }
    return this.live
  }

  /** The sign-in schemes the connected server offered (for diagnostics); null when offline. */
  offer(): ServerOffer | null {
    return this.live ? this.liveOffer : null
  }

  /** Called on every change of the session state (for the event channel and other services). */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async connect(request: ConnectRequest, mode: { reconnect?: boolean } = {}): Promise<Session> {
    const attempt = ++this.attempt
    this.controller?.abort()
    const controller = new AbortController()
    this.controller = controller
    this.drop()
    const { connections } = this.options
    const connectionName = await connections.name(request.id)
    this.set({
      status: 'connecting',
      session: null,
      connecting: { connectionId: request.id, connectionName, step: null, reconnect: mode.reconnect ?? false },
      lastError: null,
      notice: null
    })
    let client: C | null = null
    let offer: ServerOffer | null = null
    try {
      if (request.remember === 'keychain' && request.password !== undefined) await this.requireKeychain()
      const target = await connections.target(request.id, {
        password: request.password,
        sandboxUser: request.sandboxUser
      })
      client = await this.options.connect(target.profile, {
        signal: controller.signal,
        logger: this.options.logger.child('granta'),
        onSignInRefused: () => this.signInRefused(attempt),
        onOffered: (o) => (offer = o),
        onStep: (step) => {
          if (attempt !== this.attempt || !step.ok || !this.current.connecting) return
          this.set({ ...this.current, connecting: { ...this.current.connecting, step: step.step } })
        }
      })
      const [user, processingConfiguration] = await Promise.all([
        client.currentUser(),
        client.processingConfiguration()
      ])
      this.throwIfSuperseded(attempt)
      const notice = await this.keepPassword(target, request)
      this.throwIfSuperseded(attempt)
      const session: Session = {
        connectionId: target.id,
        connectionName: target.name,
        url: target.profile.url,
        username: user.username,
        isAdmin: user.isAdmin,
        hasWriteAccess: user.hasWriteAccess,
        serverVersion: client.serverVersion,
        processingConfiguration,
        connectedAt: (this.options.clock ?? (() => new Date()))().toISOString()
      }
      await connections.setLastUsed(target.id)
      this.throwIfSuperseded(attempt)
      this.live = client
      this.liveOffer = offer
      this.controller = null
      this.set({ status: 'connected', session, connecting: null, lastError: null, notice })
      return session
    } catch (e) {
      client?.close()
      if (attempt !== this.attempt) {
        throw new AppError('Cancelled', `Connecting to ${connectionName} was stopped.`)
      }
      this.controller = null
      const error = toErrorValue(e)
      this.options.logger.warn(`connecting to ${connectionName} (${request.id}) failed`, e)
      this.set({ ...offline, lastError: { ...error, connectionId: request.id, connectionName } })
      throw e instanceof AppError ? e : new AppError(error.code, error.message, error.detail)
    }
  }

  /** Drops the session (or stops a connect in progress); the app will not reconnect on next start. */
  async disconnect(): Promise<SessionState> {
    this.stop()
    await this.options.connections.setLastUsed(null)
    this.set(offline)
    return this.current
  }

  /** Forgets the saved password of a connection (the current one by default) and disconnects from it. */
  async signOut(id?: string): Promise<SessionState> {
    const target = id ?? this.current.session?.connectionId ?? this.current.connecting?.connectionId
    if (!target) return this.current
    await this.options.connections.forgetPassword(target)
    const ours = this.current.session?.connectionId === target || this.current.connecting?.connectionId === target
    if (ours) return this.disconnect()
    return this.current
  }

  /** On start: reconnect to the last used connection with its saved password; a failure stays in `lastError`. */
  async reconnectOnStart(): Promise<SessionState> {
    const id = await this.options.connections.lastUsedId()
    if (!id || this.current.status !== 'offline') return this.current
    try {
      await this.connect({ id }, { reconnect: true })
    } catch {
      // The reason is in the state for the renderer to show.
    }
    return this.current
  }

  /** A connection was edited or deleted: keep the session's name current, or drop a session whose server changed. */
  connectionChanged(id: string, change: { removed: boolean; name?: string }): void {
    const mine = this.current.session?.connectionId === id || this.current.connecting?.connectionId === id
    if (!mine) return
    if (change.removed || !this.current.session || change.name === undefined) {
      this.stop()
      this.set(offline)
      return
    }
    this.set({ ...this.current, session: { ...this.current.session, connectionName: change.name } })
  }

  /** Runs every connect step against a connection without touching the session. */
  async test(
    target: () => Promise<ConnectTarget> | ConnectTarget,
    signal?: AbortSignal
  ): Promise<ConnectionTestResult> {
    const steps: ConnectStep[] = []
    let offered: AuthKind[] | undefined
    try {
      const resolved = await target()
      const client = await this.options.connect(resolved.profile, {
        onStep: (s) => steps.push(s),
        onOffered: (o) => (offered = offeredKinds(o)),
        signal,
        logger: this.options.logger.child('granta')
      })
      try {
        const user = await client.currentUser()
        return {
          ok: true,
          steps,
          serverVersion: client.serverVersion,
          user,
          error: null,
          ...(offered ? { offered } : {})
        }
      } finally {
        client.close()
      }
    } catch (e) {
      const error = toErrorValue(e)
      const step = (error.detail as { step?: unknown } | undefined)?.step
      const failed = connectStepNames.find((n) => n === step)
      if (failed && !steps.some((s) => s.step === failed && !s.ok)) {
        steps.push({ step: failed, ok: false, message: error.message, ms: 0 })
      }
      return { ok: false, steps, serverVersion: null, user: null, error, ...(offered ? { offered } : {}) }
    }
  }

  /**
   * Resolves true when the user has signed in again after the server refused the session (see `signIn`), false
   * when the session ends instead, the wait times out or the signal aborts. Without a refusal, true at once.
   */
  whenSignedIn(options: { timeoutMs: number; signal?: AbortSignal }): Promise<boolean> {
    const ready = (s: SessionState) => s.status === 'connected' && !s.signIn
    if (ready(this.current)) return Promise.resolve(true)
    if (this.current.status === 'offline' && !this.current.lastError) return Promise.resolve(false)
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        off()
        clearTimeout(timer)
        options.signal?.removeEventListener('abort', aborted)
        resolve(ok)
      }
      const aborted = () => done(false)
      const timer = setTimeout(() => done(false), options.timeoutMs)
      const off = this.subscribe((s) => {
        if (ready(s)) done(true)
        else if (s.status === 'offline' && !s.lastError) done(false)
      })
      options.signal?.addEventListener('abort', aborted, { once: true })
    })
  }

  /** The live client's server refused its sign-in: tell the user once, until they sign in again. */
  private signInRefused(attempt: number): void {
    const { session } = this.current
    if (attempt !== this.attempt || this.current.status !== 'connected' || !session || this.current.signIn) return
    this.options.logger.warn(`${session.connectionName} (${session.connectionId}) refused the session's sign-in`)
    this.set({
      ...this.current,
      signIn: {
        connectionId: session.connectionId,
        connectionName: session.connectionName,
        message: `${session.connectionName} no longer accepts your sign-in: the password may have changed, or your Windows or single sign-on session ended. Sign in again; downloads and submissions in progress wait and then go on.`
      }
    })
  }

  dispose(): void {
    this.stop()
    this.listeners.clear()
  }

  private stop(): void {
    this.attempt++
    this.controller?.abort()
    this.controller = null
    this.drop()
  }

  private drop(): void {
    const client = this.live
    this.live = null
    client?.close()
  }

  private throwIfSuperseded(attempt: number): void {
    if (attempt !== this.attempt) throw new AppError('Cancelled', 'Connecting was stopped.')
  }

  private async requireKeychain(): Promise<void> {
    const status = await this.options.connections.keychainStatus()
    if (status.neverSavePasswords) throw new AppError('Forbidden', NEVER_SAVE_MESSAGE)
    if (!status.available) {
      throw new AppError(
        'Keychain',
        `The password cannot be remembered in the ${status.store}: ${status.reason ?? 'it is unavailable.'} Choose "This session only" instead.`
      )
    }
  }

  /** Keeps a typed password where the user asked; a keychain failure leaves it for this session only. */
  private async keepPassword(target: ConnectTarget, request: ConnectRequest): Promise<string | null> {
    if (target.builtIn || !target.passwordTyped || request.password === undefined) return null
    const where = request.remember ?? 'none'
    try {
      await this.options.connections.rememberPassword(target, request.password, where)
      return null
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e)
      if (where !== 'keychain') return `Connected, but the saved password could not be removed: ${why}`
      await this.options.connections.rememberPassword(target, request.password, 'session').catch(() => {})
      return `Connected, but the password could not be saved in the keychain (${why}). It is kept for this session only.`
    }
  }

  private set(state: SessionState): void {
    this.current = state
    for (const l of this.listeners) {
      try {
        l(state)
      } catch (e) {
        this.options.logger.error('a session listener failed', e)
      }
    }
  }
}
