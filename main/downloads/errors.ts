import { isAppError, type ErrorCode } from '../../common/errors'

/** How the engine reacts to an error while transferring one file. */
export interface Classified {
  code: ErrorCode
  message: string
  /** Worth another attempt (network, 5xx, 429, a short body). */
  transient: boolean
  /** What the server asked us to wait, in ms (Retry-After). */
  retryAfterMs?: number
}

/** The body ended before the announced length, or ran past it. */
export class ShortBodyError extends Error {
  constructor(
    readonly received: number,
    readonly expected: number
  ) {
    super(`The server sent ${received} bytes of ${expected}.`)
    this.name = 'ShortBodyError'
  }
}

/** The server answered 206 for a different file than the part we hold (its size changed). */
export class RangeMismatchError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RangeMismatchError'
  }
}

/** Another program kept the file open (or it is read-only) through every attempt to put it in place. */
export class FileInUseError extends Error {
  constructor(
    readonly path: string,
    /** The last answer: EBUSY, EPERM or EACCES. */
    readonly systemCode: string,
    readonly attempts: number,
    cause?: unknown
  ) {
    super(`${path} stayed locked (${systemCode}) through ${attempts} attempts.`, { cause })
    this.name = 'FileInUseError'
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_GOT_REQUEST_ERROR',
  'ERR_HTTP2_STREAM_ERROR',
  'HPE_INVALID_CONSTANT',
  'UND_ERR_SOCKET',
  'ETIMEOUT'
])
const TRANSIENT_APP_CODES = new Set<ErrorCode>(['Network', 'Dns', 'ConnectionRefused', 'Timeout', 'ServerError'])

interface Detailed {
  code?: unknown
  status?: unknown
  statusCode?: unknown
  retryAfterMs?: unknown
  retryAfter?: unknown
  response?: { statusCode?: unknown; headers?: Record<string, unknown> }
  detail?: unknown
}

function statusOf(e: Detailed): number | undefined {
  for (const v of [e.status, e.statusCode, e.response?.statusCode]) if (typeof v === 'number') return v
  const d = e.detail as Detailed | undefined
  if (d && typeof d === 'object') for (const v of [d.status, d.statusCode]) if (typeof v === 'number') return v
  return undefined
}

/** Retry-After as seconds or an HTTP date, from wherever the error carries it. */
export function retryAfterOf(e: unknown, now: number = Date.now()): number | undefined {
  if (!e || typeof e !== 'object') return undefined
  const o = e as Detailed
  const d = (o.detail && typeof o.detail === 'object' ? o.detail : {}) as Detailed
  for (const v of [o.retryAfterMs, d.retryAfterMs]) if (typeof v === 'number' && v >= 0) return v
  const header = o.response?.headers?.['retry-after'] ?? o.retryAfter ?? d.retryAfter
  return parseRetryAfter(header, now)
}

export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value === 'number' && value >= 0) return value * 1000
  if (typeof value !== 'string' || value.trim() === '') return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** Sorts any error thrown during a transfer into transient (retry) or final (fail the item, in words). */
export function classify(e: unknown, fileName: string): Classified {
  const o = (e && typeof e === 'object' ? e : {}) as Detailed & { message?: unknown }
  const code = typeof o.code === 'string' ? o.code : ''
  const text = typeof o.message === 'string' ? o.message : String(e)

  // Before the codes below: a locked file is not a full disk or a folder without rights, and its verified
  // part is kept (the code is not Disk), so Retry only has to rename it.
  if (e instanceof FileInUseError) {
    return {
      code: 'Conflict',
      transient: false,
      message: `${fileName} could not be saved because the file is open in another program (Excel, or a virus scanner checking it). Close it there, then choose Retry.`
    }
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return {
      code: 'Disk',
      transient: false,
      message: `The disk is full: ${fileName} could not be saved. Free some space, then retry.`
    }
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return {
      code: 'Disk',
      transient: false,
      message: `Permission denied: ${fileName} could not be written to the destination folder. Choose a folder you can write to, then retry.`
    }
  }
  if (code === 'ENAMETOOLONG') {
    return {
      code: 'Disk',
      transient: false,
      message: `The path for ${fileName} is too long. Choose a shorter destination folder.`
    }
  }
  if (e instanceof ShortBodyError) {
    return {
      code: 'Network',
      transient: true,
      message: `The connection ended early while downloading ${fileName} (${e.message}).`
    }
  }
  if (e instanceof RangeMismatchError) {
    return { code: 'ServerResponseInvalid', transient: true, message: e.message }
  }

  const status = statusOf(o)
  const retryAfterMs = retryAfterOf(e)
  if (status !== undefined) {
    if (status === 429)
      return {
        code: 'ServerError',
        transient: true,
        retryAfterMs,
        message: `The server is busy (429) and asked us to wait before downloading ${fileName}.`
      }
    if (status >= 500 || status === 408)
      return {
        code: 'ServerError',
        transient: true,
        retryAfterMs,
        message: `The server failed (${status}) while sending ${fileName}.`
      }
    if (status === 404)
      return {
        code: 'NotFound',
        transient: false,
        message: `${fileName} is no longer on the server (the job or its output was deleted or purged).`
      }
    if (status === 401)
      return {
        code: 'Unauthorized',
        transient: false,
        message: 'The server no longer accepts the credentials. Sign in again, then retry.'
      }
    if (status === 403)
      return { code: 'Forbidden', transient: false, message: `You may not download ${fileName} (403).` }
  }
  if (isAppError(e)) {
    return { code: e.code, transient: TRANSIENT_APP_CODES.has(e.code), retryAfterMs, message: e.message }
  }
  if (NETWORK_CODES.has(code) || /socket hang up|aborted|premature close|ECONNRESET/i.test(text)) {
    return {
      code: 'Network',
      transient: true,
      message: `The connection broke while downloading ${fileName} (${code || text}).`
    }
  }
  return { code: 'Internal', transient: false, message: `Downloading ${fileName} failed: ${text}` }
}

export interface BackoffPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const defaultBackoff: BackoffPolicy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000 }

/** Exponential backoff with jitter (half fixed, half random); Retry-After wins when it asks for longer (capped at 5 minutes). */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number,
  retryAfterMs?: number
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  const jittered = ceiling / 2 + random() * (ceiling / 2)
  return retryAfterMs !== undefined ? Math.max(jittered, Math.min(retryAfterMs, 300_000)) : jittered
}
