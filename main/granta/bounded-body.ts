import type { IncomingMessage } from 'node:http'
import { pipeline, Writable } from 'node:stream'
import zlib from 'node:zlib'
import { AppError } from '../../common/errors'
import type { RequestContext } from './errors'
import { JsonCompactor } from './json-compact'
import { ResponseStandIn } from './response-stand-in'

/**
 * Answers are bounded: at most this many bytes once decompressed. 100,000 jobs as the Server API sends them
 * (about 600 bytes each) take about 60 MB.
 */
export const MAX_JSON_BYTES = 128 * 1024 * 1024
/** A JSON answer up to this size is kept as sent; past it, only its significant bytes are kept. */
export const COMPACT_ABOVE_BYTES = 16 * 1024 * 1024
/** What an error answer keeps for its message; the rest is counted against the limit and dropped. */
export const MAX_ERROR_BODY_BYTES = 1024 * 1024

export interface BodyBounds {
  /** The most bytes accepted, counted after decompression. */
  limit: number
  ctx: RequestContext
  /** The answer is JSON: past COMPACT_ABOVE_BYTES its insignificant whitespace is dropped as it arrives. */
  json: boolean
}

export function tooLarge(ctx: RequestContext, limit: number): AppError {
  return new AppError(
    'ServerResponseInvalid',
    `The server sent an answer larger than ${Math.round(limit / (1024 * 1024))} MB while ${ctx.action}, and JobQueue Desktop refused it. Ask your Granta MI administrator to check the server.`,
    { field: '(body)', limit }
  )
}

function decoder(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  const chunkSize = 64 * 1024
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip({ chunkSize })
  if (encoding === 'deflate') return zlib.createInflate({ chunkSize })
  if (encoding === 'br') return zlib.createBrotliDecompress({ chunkSize })
  return null
}

/** Compacted JSON is gathered in slabs this large, so got holds few big buffers rather than many small ones. */
const SLAB_BYTES = 4 * 1024 * 1024

/** Counts the decoded body, refuses it past the limit, and hands got only what it may keep. */
class BoundedSink extends Writable {
  private total = 0
  private held: Buffer[] = []
  private compactor: JsonCompactor | null = null
  private slab = Buffer.alloc(0)
  private used = 0

  constructor(
    private readonly out: ResponseStandIn,
    private readonly bounds: BodyBounds,
    private readonly decodable: boolean
  ) {
    super()
  }

  private get ok(): boolean {
    return this.out.statusCode >= 200 && this.out.statusCode < 300
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const before = this.total
    this.total += chunk.length
    if (this.total > this.bounds.limit) {
      const error = tooLarge(this.bounds.ctx, this.bounds.limit)
      this.out.destroy(error)
      return done(error)
    }
    if (!this.ok) {
      const room = this.decodable ? MAX_ERROR_BODY_BYTES - before : 0
      return this.offer(room > 0 ? [chunk.subarray(0, room)] : [], done)
    }
    if (!this.bounds.json) return this.offer([chunk], done)
    if (!this.compactor) {
      this.held.push(chunk)
      if (this.total <= COMPACT_ABOVE_BYTES) return done()
      this.compactor = new JsonCompactor()
    }
    const parts = this.held.length > 0 ? this.held : [chunk]
    this.held = []
    this.offer(
      parts.flatMap((part) => this.compacted(part)),
      done
    )
  }

  /** Compacts `part` into the slab; returns the slabs that filled up. */
  private compacted(part: Buffer): Buffer[] {
    const full: Buffer[] = []
    if (this.slab.length - this.used < part.length) {
      if (this.used > 0) full.push(this.slab.subarray(0, this.used))
      this.slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, part.length))
      this.used = 0
    }
    this.used = this.compactor?.compactInto(part, this.slab, this.used) ?? this.used
    return full
  }

  override _final(done: (error?: Error | null) => void): void {
    for (const part of this.held) this.out.push(part)
    if (this.used > 0) this.out.push(this.slab.subarray(0, this.used))
    this.held = []
    this.out.push(null)
    done()
  }

  private offer(parts: Buffer[], done: () => void): void {
    const kept = parts.filter((p) => p.length > 0)
    const last = kept.pop()
    for (const part of kept) this.out.push(part)
    if (last) this.out.offer(last, done)
    else done()
  }
}

/**
 * Reads a response's body for got: decompressed here (got's own decompression cannot be bounded), counted, refused
 * past the limit before it is held, an error answer cut to what its message needs. A declared length over the limit
 * is refused before any byte.
 */
export function boundedBody(bounds: BodyBounds): (native: IncomingMessage) => ResponseStandIn {
  return (native) => {
    const { ctx, limit } = bounds
    const headers = { ...native.headers }
    delete headers['content-encoding']
    delete headers['content-length']
    const out = new ResponseStandIn(native, headers)
    if (Number(native.headers['content-length'] ?? 0) > limit) return out.destroy(tooLarge(ctx, limit))
    const encoding = (native.headers['content-encoding'] ?? '').trim().toLowerCase()
    const plain = encoding === '' || encoding === 'identity'
    const decode = plain ? null : decoder(encoding)
    const ok = out.statusCode >= 200 && out.statusCode < 300
    if (!plain && !decode && ok) {
      return out.destroy(
        new AppError(
          'ServerResponseInvalid',
          `The server sent an answer encoded as "${encoding.slice(0, 40)}" while ${ctx.action}, which JobQueue Desktop cannot read. Ask your Granta MI administrator to check the server's compression settings.`
        )
      )
    }
    let culprit: 'response' | 'decoder' | undefined
    native.once('error', () => (culprit ??= 'response'))
    decode?.once('error', () => (culprit ??= 'decoder'))
    // An error answer in an unknown encoding is counted, not kept: its status says enough.
    const sink = new BoundedSink(out, bounds, plain || decode !== null)
    const done = (error: Error | null) => {
      if (!error || out.destroyed) return
      // A network failure keeps its code, so got retries it as before; a bad compressed body is the server's fault.
      if (culprit !== 'decoder') out.destroy(error)
      else if (!ok) out.push(null)
      else
        out.destroy(
          new AppError('ServerResponseInvalid', `The server sent a damaged compressed answer while ${ctx.action}.`, {
            reason: error.message
          })
        )
    }
    if (decode) pipeline(native, decode, sink, done)
    else pipeline(native, sink, done)
    return out
  }
}
