import http from 'node:http'
import https from 'node:https'
import got, { HTTPError, type Got, type Method, type Request, type Response, type RetryObject } from 'got'
import type { z } from 'zod'
import { AppError } from '../../common/errors'
import pkg from '../../package.json' with { type: 'json' }
import { parseChallenges, type AuthContext, type Authenticator } from './auth'
import type { MultipartBody } from './multipart-body'
import { boundedBody, MAX_JSON_BYTES } from './bounded-body'
import { invalidResponse, notJson, toAppError, type RequestContext } from './errors'
import { observeRequests, type RequestObserver } from './request-log'
import { standInRequest } from './response-stand-in'
import type { ResolvedTls } from './tls'

/** `JobQueue Desktop/<version>`: sent as User-Agent and X-Granta-ApplicationName. */
export const defaultApplicationName = `${pkg.productName}/${pkg.version}`

export interface RetryPolicy {
  /** Most retries after the first attempt. */
  limit: number
  /** First backoff; doubles each retry, with full jitter. */
  baseDelayMs: number
  maxDelayMs: number
  /** No retry starts after this much time since the first attempt. */
  maxTotalMs: number
  /** A longer `Retry-After` than this is not waited for: the error is returned. */
  maxRetryAfterMs: number
}

export const defaultRetryPolicy: RetryPolicy = {
  limit: 4,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxTotalMs: 20_000,
  maxRetryAfterMs: 15_000
}

/** Only idempotent methods are ever retried; POST and PATCH never are. DELETE only when the caller says so (one id). */
const retryableMethods: Method[] = ['GET', 'DELETE']
const retryStatusCodes = [408, 429, 500, 502, 503, 504, 521, 522, 524]
const retryErrorCodes = [
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ERR_READING_RESPONSE_STREAM'
]

export interface HttpOptions {
  authenticator: Authenticator
  /** The connection's own origin (scheme, host, port): the only one that ever receives an Authorization header. */
  origin: string
  /** Where connection-based schemes (NTLM) finish their handshake on each new socket: the Health URL. */
  signInUrl?: string
  tls: ResolvedTls
  /** Time allowed for each phase of one attempt: connect, first byte of the response, any silence. */
  timeoutMs: number
  applicationName?: string
  retry?: Partial<RetryPolicy>
  /** For tests of the backoff; defaults to Math.random. */
  random?: () => number
  /** The largest answer accepted, after decompression (default MAX_JSON_BYTES). */
  maxJsonBytes?: number
  /** Told of every request once it ends (the app logs them: method, path, status, duration, bytes). */
  onRequest?: RequestObserver
  /** Told when the server refuses the sign-in even after the authenticator tried again: the user must act. */
  onSignInRefused?: () => void
}

export interface CallOptions {
  method: Method
  url: string
  ctx: RequestContext
  json?: unknown
  /** A streamed request body with its own content type and length (an upload). */
  body?: MultipartBody
  signal?: AbortSignal
  /** GET: retried unless false. DELETE: retried only when true. POST/PATCH: never. */
  retry?: boolean
  /** Retry only these network errors (connect uses a narrower list). */
  retryErrorCodes?: string[]
  timeoutMs?: number
  /** Non-2xx statuses to return instead of throwing (the connect probe reads the 401). Others still retry and throw. */
  okStatuses?: number[]
  onUploadProgress?: (transferred: number, total: number | undefined) => void
  /** The answer is JSON (json() sets it): a large one is kept without its insignificant whitespace. */
  jsonAnswer?: boolean
}

interface RetryContext extends Record<string, unknown> {
  retryDeadline: number
  authRetried?: boolean
}

/** The got instance of one connection: agents, TLS, auth, headers, timeouts and retry policy. */
export class Http {
  readonly got: Got
  readonly applicationName: string
  private readonly agents: { http: http.Agent; https: https.Agent }
  private readonly policy: RetryPolicy
  private readonly timeoutMs: number
  /** The connection's origin: the only one that receives credentials. */
  readonly origin: string
  private readonly signInUrl: string

  constructor(private readonly options: HttpOptions) {
    this.policy = { ...defaultRetryPolicy, ...options.retry }
    this.timeoutMs = options.timeoutMs
    this.applicationName = options.applicationName ?? defaultApplicationName
    const random = options.random ?? Math.random
    const policy = this.policy
    const auth = options.authenticator
    const origin = new URL(options.origin).origin
    this.origin = origin
    const signInUrl = new URL(options.signInUrl ?? options.origin)
    this.signInUrl = signInUrl.href
    this.agents = auth.agents?.({
      origin: new URL(origin),
      handshakePath: signInUrl.pathname + signInUrl.search,
      timeoutMs: options.timeoutMs
    }) ?? {
      http: new http.Agent({ keepAlive: true }),
      https: new https.Agent({ keepAlive: true })
    }
    this.got = got.extend({
      agent: this.agents,
      https: { rejectUnauthorized: true, ...(options.tls.ca ? { certificateAuthority: options.tls.ca } : {}) },
      headers: {
        'user-agent': this.applicationName,
        'x-granta-applicationname': this.applicationName
      },
      responseType: 'buffer',
      handlers: options.onRequest ? [observeRequests(options.onRequest)] : [],
      retry: {
        limit: policy.limit,
        methods: retryableMethods,
        statusCodes: retryStatusCodes,
        errorCodes: retryErrorCodes,
        maxRetryAfter: policy.maxRetryAfterMs,
        enforceRetryRules: true,
        calculateDelay: (r: RetryObject) => backoff(r, policy, random)
      },
      hooks: {
        // got strips `authorization` on a redirect to another host, then runs beforeRequest again: decide per request.
        beforeRequest: [
          async (o) => {
            const url = o.url instanceof URL ? o.url : new URL(String(o.url))
            if (url.origin !== origin) {
              delete o.headers.authorization
              return
            }
            Object.assign(o.headers, await auth.authorize({ url, method: o.method, context: o.context }))
          }
        ],
        beforeRedirect: [(o, response) => guardRedirect(o, response.url, origin)],
        afterResponse: [
          async (response, retryWithMergedOptions) => {
            const context = response.request.options.context as Partial<RetryContext> & AuthContext
            if (response.statusCode < 300 && response.statusCode >= 200) {
              await context.verifyResponse?.(response.headers['www-authenticate'])
            }
            if (response.statusCode !== 401 || !auth.onUnauthorized || context.authRetried) return response
            if (new URL(response.url).origin !== origin) return response
            const challenges = parseChallenges(response.headers['www-authenticate'])
            const again = await auth.onUnauthorized(challenges, response.socket ?? undefined)
            return again ? retryWithMergedOptions({ context: { authRetried: true } }) : response
          }
        ]
      }
    })
  }

  /** Per-phase timeouts; no overall limit, so long transfers are fine while bytes keep flowing. */
  timeouts(ms = this.timeoutMs) {
    return { lookup: ms, connect: ms, secureConnect: ms, socket: ms, send: ms, response: ms }
  }

  private retryFor(opts: CallOptions) {
    const allowed =
      opts.method === 'GET' ? opts.retry !== false : opts.method === 'DELETE' ? opts.retry === true : false
    if (!allowed) return { limit: 0 }
    return opts.retryErrorCodes
      ? { limit: this.policy.limit, errorCodes: opts.retryErrorCodes }
      : { limit: this.policy.limit }
  }

  /** Sends one request; any failure becomes an AppError (network, status, cancel, timeout). */
  async send(opts: CallOptions): Promise<Response<Buffer>> {
    if (opts.body !== undefined && this.options.authenticator.agents) await this.signInFirst(opts)
    const context: RetryContext = { retryDeadline: Date.now() + this.policy.maxTotalMs }
    const bounds = {
      limit: this.options.maxJsonBytes ?? MAX_JSON_BYTES,
      ctx: opts.ctx,
      json: opts.jsonAnswer === true
    }
    try {
      const request = this.got(opts.url, {
        method: opts.method,
        ...(opts.json !== undefined ? { json: opts.json } : {}),
        ...(opts.body !== undefined ? { body: opts.body.body } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        retry: this.retryFor(opts),
        timeout: this.timeouts(opts.timeoutMs),
        context,
        responseType: 'buffer',
        // Every body is decompressed, counted and bounded by bounded-body.ts before got holds it.
        decompress: false,
        headers: { 'accept-encoding': 'gzip, deflate, br', ...opts.body?.headers },
        request: standInRequest(boundedBody(bounds))
      })
      if (opts.onUploadProgress) {
        const cb = opts.onUploadProgress
        void request.on('uploadProgress', (p) => cb(p.transferred, p.total))
      }
      return this.checkLanding(await request)
    } catch (e) {
      if (e instanceof HTTPError) this.checkLanding(e.response)
      if (e instanceof HTTPError && opts.okStatuses?.includes(e.response.statusCode)) return e.response
      throw this.noticed(toAppError(e, opts.ctx))
    }
  }

  /** An Unauthorized error (a final 401, or an authenticator that could not sign in again) is reported once here. */
  private noticed(e: unknown): unknown {
    const app = e instanceof AppError ? e : e instanceof Error && e.cause instanceof AppError ? e.cause : null
    if (app?.code === 'Unauthorized') this.options.onSignInRefused?.()
    return e
  }

  /**
   * A streamed upload cannot be replayed into a handshake: with a connection-based scheme (NTLM), a cheap GET
   * first makes sure the socket the upload will take (the pool hands out the last one used) is signed in.
   */
  private async signInFirst(opts: CallOptions): Promise<void> {
    await this.send({
      method: 'GET',
      url: this.signInUrl,
      ctx: opts.ctx,
      okStatuses: [401, 404],
      ...(opts.signal ? { signal: opts.signal } : {})
    })
  }

  /** A 401 from another origin after a redirect: our credentials stayed behind on purpose; say so. */
  checkLanding<R extends Response<unknown>>(response: R): R {
    if (response.statusCode !== 401) return response
    const landed = new URL(response.url)
    if (landed.origin === this.origin) return response
    const own = new URL(this.origin).host
    throw new AppError(
      'InsecureRedirect',
      `${own} redirected to ${landed.host}, which asks for sign-in. JobQueue Desktop sends your sign-in only to ${own}, never to another server. If ${landed.host} is the right server, use its address as the Service Layer URL.`,
      { from: this.origin, to: landed.origin }
    )
  }

  /** Sends a request and parses the JSON answer with a schema from the spec. */
  async json<S extends z.ZodType>(schema: S, opts: CallOptions): Promise<z.output<S>> {
    const response = await this.send({ ...opts, jsonAnswer: true })
    return parseJson(schema, response.body, opts.ctx)
  }

  /**
   * Opens a streamed GET and resolves once the headers are in. got's stream API runs no afterResponse hook, so
   * this does what they do: checks the server's mutual-auth answer, and on a 401 from the own origin lets the
   * authenticator sign in again (new socket, fresh token) and asks once more.
   */
  async openStream(
    url: string,
    options: { headers: Record<string, string>; signal?: AbortSignal },
    retried = false
  ): Promise<{ stream: Request; response: Response }> {
    const context: AuthContext & Record<string, unknown> = {}
    const stream = this.got.stream(url, {
      headers: { 'accept-encoding': 'identity', ...options.headers },
      decompress: false,
      retry: { limit: 0 },
      throwHttpErrors: false,
      timeout: this.timeouts(),
      context,
      ...(options.signal ? { signal: options.signal } : {})
    })
    try {
      const response = await new Promise<Response>((resolve, reject) => {
        stream.once('response', resolve)
        stream.once('error', reject)
      })
      stream.removeAllListeners('error')
      const auth = this.options.authenticator
      const verify = (stream.options.context as AuthContext).verifyResponse
      if (response.statusCode >= 200 && response.statusCode < 300) await verify?.(response.headers['www-authenticate'])
      if (
        response.statusCode === 401 &&
        !retried &&
        auth.onUnauthorized &&
        new URL(response.url).origin === this.origin
      ) {
        const again = await auth.onUnauthorized(parseChallenges(response.headers['www-authenticate']), response.socket)
        if (again) {
          stream.destroy()
          return this.openStream(url, options, true)
        }
      }
      const landed = this.checkLanding(response)
      if (landed.statusCode === 401) this.options.onSignInRefused?.()
      return { stream, response: landed }
    } catch (e) {
      stream.destroy()
      throw this.noticed(e)
    }
  }

  /** Frees the connection pool. Requests after this still work but open new sockets. */
  close(): void {
    this.agents.http.destroy()
    this.agents.https.destroy()
  }
}

/** Refuses https → http; never lets an Authorization header (any scheme) follow a redirect to another origin. */
export function guardRedirect(
  o: { url?: string | URL | undefined; headers: Record<string, unknown> },
  fromUrl: string,
  origin: string
): void {
  const to = o.url instanceof URL ? o.url : new URL(String(o.url))
  const from = new URL(fromUrl)
  if (from.protocol === 'https:' && to.protocol !== 'https:') {
    throw new AppError(
      'InsecureRedirect',
      `${from.host} redirected a secure (https) request to ${to.protocol}//${to.host}, which is not secure. JobQueue Desktop refused to follow it; ask the Granta MI administrator to fix the redirect.`,
      { from: from.origin, to: to.origin }
    )
  }
  if (to.origin !== origin) delete o.headers.authorization
}

export function parseBody(body: Buffer, ctx: RequestContext): unknown {
  const text = body.toString('utf8').replace(/^\uFEFF/, '')
  try {
    return JSON.parse(text)
  } catch {
    throw notJson(ctx, text)
  }
}

export function parseJson<S extends z.ZodType>(schema: S, body: Buffer, ctx: RequestContext): z.output<S> {
  const r = schema.safeParse(parseBody(body, ctx))
  if (!r.success) throw invalidResponse(r.error, ctx)
  return r.data
}

/**
 * Exponential backoff with full jitter, `Retry-After` honoured (got has already capped it), and no retry
 * that would start after the request's total retry budget.
 */
export function backoff(r: RetryObject, policy: RetryPolicy, random: () => number = Math.random): number {
  if (r.computedValue === 0) return 0
  const context = r.error.options.context as Partial<RetryContext>
  const remaining = (context.retryDeadline ?? Number.POSITIVE_INFINITY) - Date.now()
  const delay =
    r.retryAfter !== undefined
      ? Math.max(1, r.retryAfter)
      : Math.max(1, Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (r.attemptCount - 1))))
  return delay < remaining ? delay : 0
}
