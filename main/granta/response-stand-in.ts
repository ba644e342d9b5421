import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import https from 'node:https'
import { Readable } from 'node:stream'
import type { RequestFunction } from 'got'

/**
 * What got reads in place of the socket's response: the same status, headers and socket, but a body that
 * bounded-body.ts has decoded, counted and bounded. got buffers whatever a response yields, so this is where its
 * memory is bounded, while got keeps doing everything else (hooks, retries, redirects, timeouts).
 */
export class ResponseStandIn extends Readable {
  readonly statusCode: number
  statusMessage: string
  readonly headers: IncomingHttpHeaders
  readonly rawHeaders: string[]
  readonly httpVersion: string
  readonly httpVersionMajor: number
  readonly httpVersionMinor: number
  private waiting: (() => void) | null = null

  constructor(
    readonly native: IncomingMessage,
    headers: IncomingHttpHeaders
  ) {
    super()
    this.statusCode = native.statusCode ?? 0
    this.statusMessage = native.statusMessage ?? ''
    this.headers = headers
    this.rawHeaders = native.rawHeaders
    this.httpVersion = native.httpVersion
    this.httpVersionMajor = native.httpVersionMajor
    this.httpVersionMinor = native.httpVersionMinor
    // The server closed mid-body: got retries this as it would on the real response (not when we ended it).
    native.once('aborted', () => this.destroyed || this.emit('aborted'))
  }

  get socket() {
    return this.native.socket
  }
  get complete() {
    return this.native.complete
  }
  get trailers() {
    return this.native.trailers
  }

  /** Pushes a part of the body; `done` runs once got wants more. */
  offer(part: Buffer, done: () => void): void {
    if (this.push(part)) done()
    else this.waiting = done
  }

  override _read(): void {
    const waiting = this.waiting
    this.waiting = null
    waiting?.()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.native.complete) this.native.destroy()
    callback(error)
  }
}

/** A got `request` function: Node's own, with each response handed to got through `wrap`. */
export function standInRequest(wrap: (response: IncomingMessage) => ResponseStandIn): RequestFunction {
  return (url, options) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, options)
    const emit = request.emit.bind(request) as (event: string | symbol, ...args: unknown[]) => boolean
    return Object.assign(request, {
      emit: (event: string | symbol, ...args: unknown[]) =>
        event === 'response' ? emit(event, wrap(args[0] as IncomingMessage)) : emit(event, ...args)
    })
  }
}
