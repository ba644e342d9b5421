import type { HandlerFunction } from 'got'
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

/** A got handler that reports each request, promise or stream, once it ends. */
export function observeRequests(report: RequestObserver): HandlerFunction {
  return (options, next) => {
    const started = performance.now()
    const method = options.method
    const path = requestPath(options.url)
    let bytes = 0
    let done = false
    const end = (status: number | null, error: string | null) => {
      if (done) return
      done = true
      report({ method, path, status, error, durationMs: Math.round(performance.now() - started), bytes })
    }
    const failed = (e: unknown) => {
      const err = e as { response?: { statusCode?: number }; code?: unknown; name?: string }
      const code = typeof err.code === 'string' ? err.code : (err.name ?? 'Error')
      end(err.response?.statusCode ?? null, err.response ? null : code)
    }
    const result = next(options)
    const emitter = result as unknown as NodeJS.EventEmitter
    emitter.on('downloadProgress', (p: { transferred: number }) => (bytes = p.transferred))
    const promise = result as unknown as Partial<PromiseLike<{ statusCode?: number }>>
    if (typeof promise.then === 'function') {
      promise.then((r) => end(r.statusCode ?? null, null), failed)
    } else {
      let status: number | null = null
      emitter.on('response', (r: { statusCode: number }) => (status = r.statusCode))
      emitter.on('end', () => end(status, null))
      emitter.on('error', failed)
      emitter.on('close', () => end(status, status === null ? 'closed' : null))
    }
    return result
  }
}
