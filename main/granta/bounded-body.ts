import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { AppError } from '../../common/errors'
import type { RequestContext } from './errors'

/**
 * JSON answers are bounded: at most this many bytes once decompressed. 100,000 jobs as the Server API sends them
 * (about 600 bytes each) take about 60 MB.
 */
export const MAX_JSON_BYTES = 128 * 1024 * 1024

export function tooLarge(ctx: RequestContext, limit: number): AppError {
  return new AppError(
    'ServerResponseInvalid',
    `The server sent an answer larger than ${Math.round(limit / (1024 * 1024))} MB while ${ctx.action}, and JobQueue Desktop refused it. Ask your Granta MI administrator to check the server.`,
    { field: '(body)', limit }
  )
}

function decoder(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip()
  if (encoding === 'deflate') return zlib.createInflate()
  if (encoding === 'br') return zlib.createBrotliDecompress()
  return null
}

/**
 * The body as the server meant it, decompressed here (got's own decompression cannot be bounded). A first pass
 * only counts the decompressed bytes, keeping none, so a gzip bomb is refused with flat memory; the second pass
 * decompresses for real, bounded by the same limit.
 */
export async function decodeBounded(
  raw: Buffer,
  contentEncoding: string | undefined,
  limit: number,
  ctx: RequestContext
): Promise<Buffer> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase()
  if (encoding === '' || encoding === 'identity') {
    if (raw.length > limit) throw tooLarge(ctx, limit)
    return raw
  }
  const counting = decoder(encoding)
  if (!counting)
    throw new AppError(
      'ServerResponseInvalid',
      `The server sent an answer encoded as "${encoding.slice(0, 40)}" while ${ctx.action}.`
    )
  let total = 0
  const counter = new AbortController()
  try {
    await pipeline(
      Readable.from([raw]),
      counting,
      new Writable({
        write(chunk: Buffer, _enc, done) {
          total += chunk.length
          if (total > limit) counter.abort()
          done()
        }
      }),
      { signal: counter.signal }
    )
  } catch (e) {
    if (counter.signal.aborted) throw tooLarge(ctx, limit)
    throw new AppError('ServerResponseInvalid', `The server sent a damaged compressed answer while ${ctx.action}.`, {
      reason: e instanceof Error ? e.message : String(e)
    })
  }
  const options = { maxOutputLength: Math.max(1, limit) }
  if (encoding === 'br') return zlib.brotliDecompressSync(raw, options)
  return encoding === 'deflate' ? zlib.inflateSync(raw, options) : zlib.gunzipSync(raw, options)
}
