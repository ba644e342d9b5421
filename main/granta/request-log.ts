import type { Logger } from '../log'
import { pathOf } from '../log/redact'

/** One request to Granta MI as the log records it: never a header, a query or a body. */
export interface RequestRecord {
  method: string
  path: string
  /** The HTTP status, or null when no response came (network error, timeout, cancel). */
  status: number | null
  /** The error code when there was no response (ETIMEDOUT, ECONNREFUSED…). */
  error: string | null
  durationMs: number
  /** Bytes of the response body received. */
  bytes: number
}

export type RequestObserver = (record: RequestRecord) => void

/** Writes each request as `GET /mi_servicelayer/… 200 12 ms 345 B`. */
export function logRequests(logger: Logger): RequestObserver {
  return (r) => {
    const outcome = r.status !== null ? String(r.status) : `failed (${r.error ?? 'no response'})`
    const line = `${r.method} ${r.path} ${outcome} ${r.durationMs} ms ${r.bytes} B`
    if (r.status === null || r.status >= 500) logger.warn(line)
    else logger.info(line)
  }
}

/** The path of a request URL without its query (which may carry secrets). */
export function requestPath(url: unknown): string {
  return pathOf(url) ?? '(unknown)'
}
