import type { FastifyReply, FastifyRequest } from 'fastify'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

/** Below this an answer goes as it is, as IIS does for small dynamic responses. */
const THRESHOLD = 1024
const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

type Encoding = 'br' | 'gzip'

/** The encoding to use for `accept-encoding` (br first, then gzip); null when neither is accepted. */
export function chooseEncoding(header: string | undefined): Encoding | null {
  if (!header) return null
  const accepted = new Map<string, number>()
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';')
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
    accepted.set(name.trim(), q === undefined ? 1 : Number(q))
  }
  const ok = (e: string): boolean => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null
}

/**
 * JSON answers compressed when the client asks, like IIS with dynamic compression on. Fast settings (brotli 4,
 * gzip 4): a server compresses on the fly, per request. File downloads are never compressed.
 */
export async function compressJson(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
  if (!/json/i.test(String(reply.getHeader('content-type') ?? ''))) return payload
  if (Buffer.byteLength(payload) < THRESHOLD || reply.getHeader('content-encoding')) return payload
  reply.header('Vary', 'Accept-Encoding')
  const encoding = chooseEncoding(request.headers['accept-encoding'])
  if (!encoding) return payload
  const body =
    encoding === 'br'
      ? await brotli(payload, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
      : await gzip(payload, { level: 4 })
  reply.header('Content-Encoding', encoding)
  reply.header('Content-Length', body.length)
  return body
}
