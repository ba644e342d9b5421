import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { z } from 'zod'
import type { AppServices } from '../app'
import { contentSecurityPolicy } from '../csp'
import { createDispatch } from './dispatch'

/**
 * The browser host: the built renderer and the same handler table, served on 127.0.0.1 over
 * HTTP + WebSocket, so the whole app (minus Electron) runs in any Chromium.
 * The WebSocket demands the per-run token and the host's own Origin.
 */
export interface BrowserHostOptions {
  app: AppServices
  /** The built renderer (out/renderer). */
  rendererDir: string
  port?: number
  token?: string
}

export interface BrowserHost {
  url: string
  origin: string
  port: number
  token: string
  close(): Promise<void>
}

export const IPC_PATH = '/ipc'
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024

const clientMessage = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  payload: z.unknown().optional()
})

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

/** A message's text, however ws delivered it (one buffer, fragments, or an ArrayBuffer). */
export function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const logger = options.app.logger.child('ipc')
  const dispatch = createDispatch(options.app.handlers, logger)
  const server: FastifyInstance = Fastify({ logger: false })
  let origin = ''

  const indexHtml = async (): Promise<string> => {
    const html = await readFile(join(options.rendererDir, 'index.html'), 'utf8')
    // The shim defines window.jobqueue before the app's module runs (module scripts run in order).
    return html.replace('<head>', '<head>\n    <script type="module" src="/browser-shim.js"></script>')
  }

  server.addHook('onSend', async (_req, reply) => {
    reply.header('Content-Security-Policy', contentSecurityPolicy([origin.replace(/^http/, 'ws')]))
    reply.header('X-Content-Type-Options', 'nosniff')
    reply.header('Referrer-Policy', 'no-referrer')
    reply.header('Cache-Control', 'no-store')
  })
  server.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(await indexHtml()))
  server.get('/index.html', async (_req, reply) => reply.type('text/html; charset=utf-8').send(await indexHtml()))
  await server.register(fastifyStatic, { root: options.rendererDir, index: false, wildcard: true })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const sockets = new Set<WebSocket>()

  server.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', origin)
    if (url.pathname !== IPC_PATH) return refuse(socket, 404, 'Not Found')
    if (!sameToken(url.searchParams.get('token'), token)) return refuse(socket, 401, 'Unauthorized')
    if (req.headers.origin !== origin) return refuse(socket, 403, 'Forbidden')
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', (data, isBinary) => {
      answer(ws, data, isBinary).catch((e: unknown) => logger.error('a browser message could not be answered', e))
    })
  })

  async function answer(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return ws.close(1003, 'text only')
    let message: z.infer<typeof clientMessage>
    try {
      message = clientMessage.parse(JSON.parse(textOf(data)))
    } catch {
      return ws.close(1008, 'malformed message')
    }
    const result = await dispatch(message.channel, message.payload, { transport: 'browser' })
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id: message.id, result }))
  }

  const unsubscribe = options.app.events.subscribe((event, payload) => {
    const text = JSON.stringify({ type: 'event', event, payload })
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text)
  })

  await server.listen({ host: '127.0.0.1', port: options.port ?? 0 })
  const address = server.server.address()
  if (!address || typeof address === 'string') throw new Error('The browser host did not get a port.')
  origin = `http://127.0.0.1:${address.port}`

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port: address.port,
    token,
    async close() {
      unsubscribe()
      for (const ws of sockets) ws.terminate()
      wss.close()
      await server.close()
    }
  }
}
