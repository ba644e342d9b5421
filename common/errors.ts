import { z } from 'zod'

/** Error codes that cross the process boundary. The renderer maps each to a message and an action. */
export const errorCodes = [
  'Validation',
  'UnknownChannel',
  'UntrustedSender',
  'Internal',
  'Cancelled',
  'NotConnected',
  'Network',
  'Dns',
  'ConnectionRefused',
  'Timeout',
  'Tls',
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'Conflict',
  'ServerError',
  'ServerResponseInvalid',
  'NoServerApi',
  'VersionUnsupported',
  'Keychain',
  'Disk',
  'FileNotFound',
  'PasswordRequired',
  'InsecureRedirect',
  'AuthUnavailable',
  'ClockSkew'
] as const

export const errorCodeSchema = z.enum(errorCodes)
export type ErrorCode = z.infer<typeof errorCodeSchema>

export const errorValueSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  detail: z.unknown().optional()
})
export type ErrorValue = z.infer<typeof errorValueSchema>

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorValue }

/** An error thrown in main that is meant to reach the user as it is. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly detail?: unknown

  constructor(code: ErrorCode, message: string, detail?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.detail = detail
  }

  toValue(): ErrorValue {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail }
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}

/** Turns anything thrown into an error value; unknown errors become `Internal` without leaking stacks. */
export function toErrorValue(e: unknown): ErrorValue {
  if (isAppError(e)) return e.toValue()
  const message = e instanceof Error ? e.message : String(e)
  return {
    code: 'Internal',
    message: 'Something went wrong inside JobQueue Desktop. Try again; if it keeps happening, restart the app.',
    detail: message
  }
}

/** A zod failure as structured field errors, with a one-line summary. */
export function validationError(error: z.ZodError, what = 'The request'): AppError {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || '(input)', message: i.message }))
  const first = issues[0]
  const summary = first ? `${what} is not valid: ${first.field}: ${first.message}` : `${what} is not valid.`
  return new AppError('Validation', summary, { issues })
}
