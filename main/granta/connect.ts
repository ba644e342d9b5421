import { AppError } from '../../common/errors'
import {
  AnonymousAuthenticator,
  createAuthenticator,
  describeSchemes,
  parseChallenges,
  type AuthChallenge,
  type AuthSettings
} from './auth'
import { GrantaClient } from './client'
import { statusError, toAppError } from './errors'
import { Http, parseJson, type RetryPolicy } from './http'
import { gsaMiVersionSchema } from './schemas'
import { resolveTls, type TlsSettings } from './tls'
import { serverUrls, type ServerUrls } from './url'
import { compareVersions, minimumVersion, releaseName } from './version'
import type { Logger } from '../log'
import { logRequests } from './request-log'

export interface ConnectionProfile {
  /** The Service Layer URL, e.g. https://server/mi_servicelayer. */
  url: string
  auth: AuthSettings
  tls?: TlsSettings
  /** Time allowed for each connect step, and for each phase of later requests. Default 20 s. */
  timeoutMs?: number
}

export const connectSteps = ['probe', 'authenticate', 'api', 'version'] as const
export type ConnectStepName = (typeof connectSteps)[number]

export interface ConnectStep {
  step: ConnectStepName
  ok: boolean
  message: string
  ms: number
}

export interface ConnectOptions {
  onStep?: (step: ConnectStep) => void
  /** After the probe: the schemes the server's 401 offers (lower case), and whether it lets anyone in. */
  onOffered?: (offer: { schemes: string[]; anonymous: boolean }) => void
  signal?: AbortSignal
  /** Overrides "JobQueue Desktop/<version>" in User-Agent and X-Granta-ApplicationName. */
  applicationName?: string
  retry?: Partial<RetryPolicy>
  /** Where every request of this connection is logged (method, path, status, duration, bytes). */
  logger?: Logger
  /** After connecting: the server refused the sign-in even after one more try (password changed, ticket gone). */
  onSignInRefused?: () => void
}

export const defaultTimeoutMs = 20_000

/** Connect fails fast on these: a refused port or an unknown name will not fix itself in a second. */
const connectRetryCodes = ['ECONNRESET', 'EPIPE']
/** The probe reads any 4xx itself; 5xx are retried, then reported as server errors. */
const clientErrors = Array.from({ length: 100 }, (_, i) => 400 + i)

/**
 * Connects like the official client: probe Health/v2.svc, authenticate, check the API definition, check the
 * version. Each step is timed out on its own, reported through `onStep`, and fails with its own error code;
 * every error carries `detail.step`.
 */
export async function connect(profile: ConnectionProfile, options: ConnectOptions = {}): Promise<GrantaClient> {
  const timeoutMs = profile.timeoutMs ?? defaultTimeoutMs
  const clock = () => performance.now()

  const authenticator = createAuthenticator(profile.auth)

  async function step<T>(
    name: ConnectStepName,
    run: (signal: AbortSignal) => Promise<{ value: T; message: string }>
  ): Promise<T> {
    const started = clock()
    const allowedMs = timeoutMs + (name === 'authenticate' ? (authenticator.signInTimeoutMs ?? 0) : 0)
    const timer = AbortSignal.timeout(allowedMs)
    const signal = options.signal ? AbortSignal.any([options.signal, timer]) : timer
    try {
      const { value, message } = await run(signal)
      options.onStep?.({ step: name, ok: true, message, ms: Math.round(clock() - started) })
      return value
    } catch (e) {
      let error = toAppError(e, { action: stepAction[name], step: name })
      if (!(error.detail && typeof error.detail === 'object' && 'step' in error.detail)) {
        error = new AppError(error.code, error.message, { ...(error.detail as object | undefined), step: name })
      }
      if (error.code === 'Cancelled' && timer.aborted && !options.signal?.aborted) {
        error = new AppError(
          'Timeout',
          `The server did not answer within ${Math.round(allowedMs / 1000)} s while ${stepAction[name]}.`,
          { step: name }
        )
      }
      options.onStep?.({ step: name, ok: false, message: error.message, ms: Math.round(clock() - started) })
      throw error
    }
  }

  let urls: ServerUrls | undefined
  let probeHttp: Http | undefined
  let http: Http | undefined
  let trust: string | undefined
  // Refusals during the connect steps are the connect's own errors; only later ones mean the user must act.
  let connected = false
  try {
    const probe = await step('probe', async (signal) => {
      urls = serverUrls(profile.url)
      const tls = await resolveTls(profile.tls)
      trust = tls.description
      const common = {
        tls,
        origin: urls.serviceLayer,
        signInUrl: urls.health,
        timeoutMs,
        retry: options.retry ?? {},
        ...(options.logger ? { onRequest: logRequests(options.logger) } : {}),
        ...(options.applicationName ? { applicationName: options.applicationName } : {})
      }
      probeHttp = new Http({ ...common, authenticator: new AnonymousAuthenticator() })
      http = new Http({ ...common, authenticator, onSignInRefused: () => connected && options.onSignInRefused?.() })
      const ctx = { action: stepAction.probe, step: 'probe' }
      const r = await probeHttp.send({
        method: 'GET',
        url: urls.health,
        ctx,
        signal,
        okStatuses: clientErrors,
        retryErrorCodes: connectRetryCodes
      })
      const status = r.statusCode
      if (status >= 200 && status < 300)
        return {
          value: { anonymous: true, challenges: [] as AuthChallenge[] },
          message: 'The Service Layer answered; it allows anonymous access.'
        }
      if (status === 401) {
        const challenges = parseChallenges(r.headers['www-authenticate'])
        return {
          value: { anonymous: false, challenges },
          message: `The Service Layer answered; it asks for sign-in (${describeSchemes(challenges)}).`
        }
      }
      throw new AppError(
        'NoServerApi',
        `${new URL(urls.serviceLayer).host} answered, but there is no Granta MI Service Layer at this URL (Health/v2.svc gave HTTP ${status}). Check the Service Layer URL; it usually ends in /mi_servicelayer.`,
        { step: 'probe', status }
      )
    })
    if (!urls || !http) throw new Error('connect: setup missing after probe')
    options.onOffered?.({ schemes: [...new Set(probe.challenges.map((c) => c.scheme))], anonymous: probe.anonymous })
    const api = { http, urls }

    const who = await step('authenticate', async (signal) => {
      const ctx = { action: stepAction.authenticate, step: 'authenticate' }
      if (profile.auth.kind === 'anonymous') {
        if (!probe.anonymous) {
          throw new AppError(
            'Unauthorized',
            `This server requires sign-in (it accepts ${describeSchemes(probe.challenges)}). Choose a sign-in method and enter your user name and password.`,
            { step: 'authenticate', schemes: probe.challenges.map((c) => c.scheme) }
          )
        }
        return { value: 'anonymous', message: 'Using anonymous access.' }
      }
      const auth = profile.auth
      const kind = auth.kind
      const scheme = authenticator.scheme ?? kind
      const known = probe.challenges.filter((c) => knownSchemes.includes(c.scheme))
      if (!probe.anonymous && probe.challenges.length > 0 && known.length === 0) {
        throw new AppError(
          'AuthUnavailable',
          `This server asks for a sign-in method JobQueue Desktop does not know (${describeSchemes(probe.challenges)}). Ask the Granta MI administrator to enable Windows authentication, single sign-on (OIDC) or Basic authentication.`,
          { step: 'authenticate', schemes: probe.challenges.map((c) => c.scheme) }
        )
      }
      if (!probe.anonymous && probe.challenges.length > 0 && !probe.challenges.some((c) => c.scheme === scheme)) {
        throw new AppError(
          'Unauthorized',
          `This server does not accept ${kindNames[kind]} sign-in; it accepts ${describeSchemes(probe.challenges)}. Choose one of those in the connection.`,
          { step: 'authenticate', schemes: probe.challenges.map((c) => c.scheme) }
        )
      }
      const signedIn = authenticator.signIn
        ? await authenticator.signIn(probe.challenges, { signal, origin: new URL(api.urls.health).origin })
        : null
      const r = await api.http.send({
        method: 'GET',
        url: api.urls.health,
        ctx,
        signal,
        okStatuses: [401, 404],
        retryErrorCodes: connectRetryCodes
      })
      if (r.statusCode === 401) {
        if (signedIn !== null) throw tokenRefused(parseChallenges(r.headers['www-authenticate']))
        throw new AppError(
          'Unauthorized',
          scheme === 'negotiate'
            ? 'The server did not accept your Windows sign-in (Kerberos ticket). Check that you are signed in to the domain, or choose "Windows account" and enter your password.'
            : 'The server did not accept the user name or password. Check them and try again.',
          { step: 'authenticate', status: 401 }
        )
      }
      if (r.statusCode < 200 || r.statusCode >= 300) throw statusError(r.statusCode, r.body, ctx)
      if (signedIn !== null) return { value: 'you', message: signedIn }
      const name =
        'username' in auth
          ? auth.username
          : kind === 'negotiate'
            ? 'the current Windows user'
            : authenticator.describe()
      return { value: name, message: `Signed in as ${name} (${kindNames[kind]}).` }
    })

    await step('api', async (signal) => {
      const ctx = { action: stepAction.api, step: 'api' }
      const r = await api.http.send({
        method: 'GET',
        url: api.urls.swagger,
        ctx,
        signal,
        okStatuses: [401, 404],
        retryErrorCodes: connectRetryCodes
      })
      if (r.statusCode === 404) {
        throw new AppError(
          'NoServerApi',
          'There is no Granta MI Server API at this URL; check the Service Layer URL.',
          { step: 'api', status: 404 }
        )
      }
      if (r.statusCode === 401) {
        throw new AppError(
          'Unauthorized',
          `Signed in as ${who}, but the Server API refused the credentials. Check the user name and password.`,
          { step: 'api', status: 401 }
        )
      }
      if (r.statusCode < 200 || r.statusCode >= 300) throw statusError(r.statusCode, r.body, ctx)
      if (!looksLikeApiDefinition(r.body)) {
        throw new AppError(
          'NoServerApi',
          'The server answered, but not with a Granta MI Server API definition; check the Service Layer URL.',
          { step: 'api', status: r.statusCode }
        )
      }
      return { value: undefined, message: 'Found the Granta MI Server API.' }
    })

    const serverVersion = await step('version', async (signal) => {
      const ctx = { action: stepAction.version, step: 'version' }
      const r = await api.http.send({
        method: 'GET',
        url: api.urls.version,
        ctx,
        signal,
        retryErrorCodes: connectRetryCodes
      })
      const v = parseJson(gsaMiVersionSchema, r.body, ctx)
      if (compareVersions(v.version, minimumVersion) < 0) {
        throw new AppError(
          'VersionUnsupported',
          `This Granta MI server is version ${releaseName(v.majorMinorVersion ?? v.version)}; JobQueue Desktop needs ${releaseName(minimumVersion)} or later. Ask your administrator to upgrade, or connect to another server.`,
          { step: 'version', serverVersion: v.version, minimumVersion }
        )
      }
      return { value: v.version, message: `Server version ${releaseName(v.majorMinorVersion ?? v.version)}.` }
    })

    probeHttp?.close()
    connected = true
    return new GrantaClient({ http, urls, serverVersion, ...(trust ? { trust } : {}) })
  } catch (e) {
    probeHttp?.close()
    http?.close()
    throw e
  }
}

/** The server refused a fresh access token: say why, from its Bearer challenge's error_description. */
function tokenRefused(challenges: AuthChallenge[]): AppError {
  const why = challenges.find((c) => c.scheme === 'bearer')?.params.error_description ?? ''
  const clock = /expired|not valid yet|future/i.test(why)
    ? " Check that this computer's clock and the server's are right (date, time and time zone)."
    : ''
  const audience = /audience/i.test(why)
    ? ' Ask your administrator to check the API audience (apiaudience) the server expects and the provider issues.'
    : ''
  return new AppError(
    'Unauthorized',
    `You signed in, but the server refused the sign-in token${why ? `: ${why.slice(0, 300)}` : ''}.${clock}${audience}`,
    { step: 'authenticate', status: 401 }
  )
}

/** The `WWW-Authenticate` schemes a connection kind can answer. */
export const knownSchemes = ['basic', 'ntlm', 'negotiate', 'bearer']
const kindNames: Record<Exclude<AuthSettings['kind'], 'anonymous'>, string> = {
  basic: 'Basic (user name and password)',
  ntlm: 'Windows account (NTLM)',
  negotiate: 'Windows (current user)',
  oidc: 'single sign-on (OIDC)'
}

const stepAction: Record<ConnectStepName, string> = {
  probe: 'contacting the Service Layer',
  authenticate: 'signing in',
  api: 'looking for the Server API',
  version: 'checking the server version'
}

function looksLikeApiDefinition(body: Buffer): boolean {
  try {
    const doc: unknown = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''))
    return !!doc && typeof doc === 'object' && ('openapi' in doc || 'swagger' in doc || 'paths' in doc)
  } catch {
    return false
  }
}
