import * as oidc from 'openid-client'
import { AppError } from '../../../common/errors'
import type { BearerChallenge } from './challenge'

const host = (authority: string): string => {
  try {
    return new URL(authority).host
  } catch {
    return authority
  }
}

/** Any failure talking to the provider, as an AppError a user understands (never with a token in it). */
export function providerError(e: unknown, challenge: BearerChallenge, action: string): AppError {
  if (e instanceof AppError) return e
  const where = host(challenge.authority)
  const detail = { step: 'authenticate', authority: challenge.authority }
  if (e instanceof oidc.ResponseBodyError || e instanceof oidc.AuthorizationResponseError) {
    const code = e.error
    if (code === 'invalid_client' || code === 'unauthorized_client') {
      return new AppError(
        'Unauthorized',
        `The sign-in provider ${where} does not know this app (client id "${challenge.clientid}"). Ask your administrator to check the client id the server announces and the app registered with the provider.`,
        { ...detail, error: code }
      )
    }
    if (code === 'access_denied') {
      return new AppError('Cancelled', `The sign-in was cancelled or refused at ${where}. Sign in again to connect.`, {
        ...detail,
        error: code
      })
    }
    if (code === 'invalid_grant') {
      return new AppError('Unauthorized', `Your single sign-on session at ${where} has ended. Sign in again.`, {
        ...detail,
        error: code
      })
    }
    const why = e.error_description ? `${code}: ${e.error_description}` : code
    return new AppError('Unauthorized', `The sign-in provider ${where} refused ${action} (${why.slice(0, 300)}).`, {
      ...detail,
      error: code
    })
  }
  const cause = (e as { cause?: { code?: unknown } } | undefined)?.cause
  const net = typeof cause?.code === 'string' ? cause.code : (e as { code?: unknown } | undefined)?.code
  if (
    net === 'ECONNREFUSED' ||
    net === 'ENOTFOUND' ||
    net === 'EAI_AGAIN' ||
    net === 'ETIMEDOUT' ||
    net === 'ECONNRESET'
  ) {
    return new AppError(
      net === 'ENOTFOUND' || net === 'EAI_AGAIN' ? 'Dns' : net === 'ECONNREFUSED' ? 'ConnectionRefused' : 'Network',
      `The sign-in provider ${where} cannot be reached (${net}). Check your network, or ask your administrator whether the server's authority ${challenge.authority} is right.`,
      { ...detail, errno: net }
    )
  }
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return new AppError('Timeout', `The sign-in provider ${where} did not answer in time while ${action}.`, detail)
  }
  const message = e instanceof Error ? e.message : String(e)
  if (/\b(exp|iat|nbf|auth_time)\b.*claim|claim.*\b(exp|iat|nbf)\b|timestamp/i.test(message)) {
    return new AppError(
      'Unauthorized',
      `The sign-in answer from ${where} looks expired or issued in the future. Check that this computer's date, time and time zone are right.`,
      { ...detail, reason: message.slice(0, 200) }
    )
  }
  if (e instanceof TypeError && /fetch failed/i.test(message)) {
    return new AppError('Network', `The sign-in provider ${where} cannot be reached. Check your network.`, detail)
  }
  return new AppError(
    'ServerResponseInvalid',
    `The sign-in provider ${where} gave an answer JobQueue Desktop cannot use while ${action} (${message.slice(0, 200)}).`,
    detail
  )
}
