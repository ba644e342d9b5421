import { HTTPError, RequestError } from 'got'
import type { z } from 'zod'
import { AppError, type ErrorCode } from '../../common/errors'

/** Where a request was going, to name it in messages. */
export interface RequestContext {
  /** What the user was doing, e.g. "listing jobs". */
  action: string
  /** The connect step, when connecting. */
  step?: string
}

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
  'ERR_TLS_HANDSHAKE_TIMEOUT'
])

function tlsReason(code: string): string {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'its certificate is self-signed and not trusted on this computer'
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'its certificate was issued by an authority this computer does not trust'
    case 'CERT_HAS_EXPIRED':
      return 'its certificate has expired'
    case 'CERT_NOT_YET_VALID':
      return 'its certificate is not valid yet (check the computer clock)'
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'its certificate was issued for a different server name'
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'EPROTO':
      return 'it did not answer with TLS (is the URL https on a port that speaks plain http?)'
    default:
      return `the secure connection failed (${code})`
  }
}

function hostOf(error: RequestError): string {
  try {
    const url = error.options.url
    return url ? new URL(url.toString()).host : 'the server'
  } catch {
    return 'the server'
  }
}

function withStep(ctx: RequestContext, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return ctx.step ? { step: ctx.step, ...extra } : extra
}

/** A short text from an error body, if the server sent one. */
function serverText(body: unknown): string | null {
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : ''
  if (!text) return null
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>
      for (const key of ['message', 'detail', 'title', 'error']) {
        if (typeof o[key] === 'string' && o[key]) return o[key].slice(0, 500)
      }
    }
    if (typeof parsed === 'string') return parsed.slice(0, 500)
  } catch {
    // Not JSON: use the text if it looks like a sentence rather than a page.
  }
  return /</.test(text) ? null : text.trim().slice(0, 500) || null
}

/** Maps an HTTP status to an error, for responses read without throwing. */
export function statusError(status: number, body: unknown, ctx: RequestContext): AppError {
  const said = serverText(body)
  const tail = said ? ` The server said: ${said}` : ''
  const detail = withStep(ctx, { status, ...(said ? { serverMessage: said } : {}) })
  let code: ErrorCode
  let message: string
  if (status === 401) {
    code = 'Unauthorized'
    message = `The server did not accept the sign-in while ${ctx.action}. Check the user name and password.`
  } else if (status === 403) {
    code = 'Forbidden'
    message = `You do not have permission for this (${ctx.action}). Ask a Granta MI administrator for the right role.${tail}`
  } else if (status === 404) {
    code = 'NotFound'
    message = `The server could not find what was asked for while ${ctx.action}; it may have been deleted.${tail}`
  } else if (status === 409) {
    code = 'Conflict'
    message = `The server refused the change while ${ctx.action} because the job changed meanwhile.${tail}`
  } else if (status >= 500) {
    code = 'ServerError'
    message = `The server had an internal error (HTTP ${status}) while ${ctx.action}. Try again later; if it keeps happening, ask the Granta MI administrator to check the server logs.${tail}`
  } else {
    code = 'Validation'
    message = `The server refused the request (HTTP ${status}) while ${ctx.action}.${tail || ' Check the values and try again.'}`
  }
  return new AppError(code, message, detail)
}

/** Turns anything got (or Node's network stack) throws into an AppError with a message for the user. */
export function toAppError(error: unknown, ctx: RequestContext): AppError {
  if (error instanceof AppError) return error
  if (error instanceof RequestError && error.cause instanceof AppError) return error.cause
  if (error instanceof HTTPError) return statusError(error.response.statusCode, error.response.body, ctx)
  if (error instanceof RequestError) {
    const code = error.code
    const host = hostOf(error)
    if (error.name === 'AbortError' || code === 'ERR_ABORTED' || code === 'ABORT_ERR') {
      return new AppError('Cancelled', `Cancelled while ${ctx.action}.`, withStep(ctx))
    }
    if (error.name === 'TimeoutError' || code === 'ETIMEDOUT') {
      return new AppError(
        'Timeout',
        `${host} did not answer in time while ${ctx.action}. Check the network, or try again later if the server is busy.`,
        withStep(ctx, { code })
      )
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME') {
      return new AppError(
        'Dns',
        `The server name "${host.replace(/:\d+$/, '')}" could not be found. Check the spelling of the Service Layer URL and your network or VPN.`,
        withStep(ctx, { code })
      )
    }
    if (code === 'ECONNREFUSED') {
      return new AppError(
        'ConnectionRefused',
        `Nothing is accepting connections at ${host}. Check the port in the Service Layer URL and that the Granta MI server is running.`,
        withStep(ctx, { code })
      )
    }
    if (
      tlsCodes.has(code) ||
      code.startsWith('ERR_SSL_') ||
      code.startsWith('ERR_TLS_') ||
      /certificate/i.test(error.message)
    ) {
      return new AppError(
        'Tls',
        `Could not make a secure connection to ${host}: ${tlsReason(code)}. If your organisation uses its own certificate authority, add its certificate file to this connection.`,
        withStep(ctx, { code })
      )
    }
    return new AppError(
      'Network',
      `The connection to ${host} failed while ${ctx.action} (${code}). Check the network and try again.`,
      withStep(ctx, { code, cause: error.message })
    )
  }
  if (error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR')) {
    return new AppError('Cancelled', `Cancelled while ${ctx.action}.`, withStep(ctx))
  }
  const message = error instanceof Error ? error.message : String(error)
  return new AppError('Internal', `Something went wrong while ${ctx.action}.`, withStep(ctx, { cause: message }))
}

/** A response that does not match the Server API contract; names the first field that is wrong. */
export function invalidResponse(error: z.ZodError, ctx: RequestContext, prefix: (string | number)[] = []): AppError {
  const issue = error.issues[0]
  const path = [...prefix, ...(issue?.path ?? [])].map(String)
  const field = path.length > 0 ? path.join('.') : '(body)'
  const why = issue?.message ?? 'unexpected value'
  return new AppError(
    'ServerResponseInvalid',
    `The server sent an answer JobQueue Desktop does not understand while ${ctx.action}: field "${field}": ${why}. The server may be a newer or a modified version.`,
    withStep(ctx, {
      field,
      issues: error.issues.slice(0, 5).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
    })
  )
}

export function notJson(ctx: RequestContext, snippet: string): AppError {
  return new AppError(
    'ServerResponseInvalid',
    `The server sent an answer that is not JSON while ${ctx.action}. Check that the URL points at the Granta MI Service Layer.`,
    withStep(ctx, { field: '(body)', snippet: snippet.slice(0, 200) })
  )
}
