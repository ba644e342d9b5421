import type { Duplex } from 'node:stream'

/** One HTTP response read off a raw socket during a sign-in handshake. */
export interface RawResponse {
  status: number
  headers: Record<string, string[]>
  body: Buffer
}

const maxHead = 64 * 1024
const maxBody = 1024 * 1024

/**
 * Sends one request on a socket nobody else uses yet and reads its whole response (Content-Length or chunked).
 * Used only to finish a connection-based handshake (NTLM) before the socket goes to the HTTP client.
 */
export function exchange(socket: Duplex, request: string, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0)
    let head: { status: number; headers: Record<string, string[]>; bodyStart: number } | null = null
    const timer = setTimeout(
      () => done(new Error('The server did not finish the sign-in handshake in time.')),
      timeoutMs
    )
    const done = (error: Error | null, value?: RawResponse) => {
      clearTimeout(timer)
      socket.off('data', onData)
      socket.off('error', onError)
      socket.off('close', onClose)
      if (error) reject(error)
      else resolve(value as RawResponse)
    }
    const onError = (e: Error) => done(e)
    const onClose = () => done(new Error('The server closed the connection during the sign-in handshake.'))
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      try {
        head ??= parseHead(buffer)
        if (!head) {
          if (buffer.length > maxHead) done(new Error('The server sent oversized headers during sign-in.'))
          return
        }
        const body = readBody(buffer.subarray(head.bodyStart), head.headers)
        if (body) done(null, { status: head.status, headers: head.headers, body })
      } catch (e) {
        done(e as Error)
      }
    }
    socket.on('data', onData)
    socket.on('error', onError)
    socket.on('close', onClose)
    socket.write(request)
  })
}

function parseHead(b: Buffer): { status: number; headers: Record<string, string[]>; bodyStart: number } | null {
  const end = b.indexOf('\r\n\r\n')
  if (end < 0) return null
  const lines = b.subarray(0, end).toString('latin1').split('\r\n')
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')
  if (!m) throw new Error('The server did not answer the sign-in handshake with HTTP.')
  const headers: Record<string, string[]> = {}
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    ;(headers[name] ??= []).push(line.slice(colon + 1).trim())
  }
  return { status: Number(m[1]), headers, bodyStart: end + 4 }
}

/** The whole body once it is in, else null. */
function readBody(rest: Buffer, headers: Record<string, string[]>): Buffer | null {
  if (/chunked/i.test(headers['transfer-encoding']?.join(',') ?? '')) {
    const parts: Buffer[] = []
    let at = 0
    for (;;) {
      const lineEnd = rest.indexOf('\r\n', at)
      if (lineEnd < 0) return null
      const size = parseInt(rest.subarray(at, lineEnd).toString('latin1'), 16)
      if (!Number.isFinite(size) || size > maxBody) throw new Error('The server sent a malformed sign-in answer.')
      if (rest.length < lineEnd + 2 + size + 2) return null
      if (size === 0) return Buffer.concat(parts)
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size))
      at = lineEnd + 2 + size + 2
    }
  }
  const length = Number(headers['content-length']?.[0] ?? 0)
  if (!Number.isInteger(length) || length > maxBody) throw new Error('The server sent a malformed sign-in answer.')
  return rest.length >= length ? Buffer.from(rest.subarray(0, length)) : null
}
