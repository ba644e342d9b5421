import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createApp, type AppServices } from '../../../main/app'
import { IPC_PATH, startBrowserHost, textOf, type BrowserHost } from '../../../main/ipc/websocket'

/** The browser host over a real socket on 127.0.0.1: who may connect, and what a connection may send. */
let app: AppServices
let host: BrowserHost

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'jq-renderer-'))
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>'
  )
  app = createApp({ dataDir: mkdtempSync(join(tmpdir(), 'jq-ws-')), host: 'browser' })
  host = await startBrowserHost({ app, rendererDir })
})
afterAll(async () => {
  await host?.close()
  await app?.dispose()
})

const wsUrl = (token?: string) =>
  `ws://127.0.0.1:${host.port}${IPC_PATH}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.on('error', (e) => reject(e))
  })
}

interface Client {
  ws: WebSocket
  call(message: unknown): Promise<unknown>
  closed: Promise<{ code: number; reason: string }>
}

async function connect(): Promise<Client> {
  const ws = new WebSocket(wsUrl(host.token), { origin: host.origin })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  )
  return {
    ws,
    closed,
    call: (message) =>
      new Promise((resolve) => {
        ws.once('message', (data) => resolve(JSON.parse(textOf(data))))
        ws.send(typeof message === 'string' ? message : JSON.stringify(message))
      })
  }
}

describe('the browser host WebSocket', () => {
  it('listens on 127.0.0.1 only and hands out a long random token', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(host.token.length).toBeGreaterThanOrEqual(32)
    expect(host.url).toContain(`token=${host.token}`)
  })

  it('refuses a connection without the token', async () => {
    expect(await upgradeStatus(wsUrl(), host.origin)).toBe(401)
  })

  it('refuses a connection with a wrong token, including one that differs only in its last character or length', async () => {
    const last = host.token.at(-1) === 'A' ? 'B' : 'A'
    expect(await upgradeStatus(wsUrl('wrong'), host.origin)).toBe(401)
    expect(await upgradeStatus(wsUrl(host.token.slice(0, -1) + last), host.origin)).toBe(401)
    expect(await upgradeStatus(wsUrl(host.token + 'x'), host.origin)).toBe(401)
    expect(await upgradeStatus(wsUrl(''), host.origin)).toBe(401)
  })

  it('refuses a connection from a foreign Origin, even with the right token', async () => {
    expect(await upgradeStatus(wsUrl(host.token), 'http://evil.example')).toBe(403)
    expect(await upgradeStatus(wsUrl(host.token), `http://localhost:${host.port}`)).toBe(403)
    expect(await upgradeStatus(wsUrl(host.token), 'null')).toBe(403)
  })

  it('refuses a connection without an Origin header', async () => {
    expect(await upgradeStatus(wsUrl(host.token))).toBe(403)
  })

  it('refuses upgrades on any other path', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${host.port}/other?token=${host.token}`, host.origin)).toBe(404)
  })

  it('accepts the right token from its own origin and answers app.ping and app.info', async () => {
    const client = await connect()
    try {
      expect(
        await client.call({ type: 'invoke', id: 1, channel: 'app.ping', payload: { message: 'hello' } })
      ).toMatchObject({
        type: 'result',
        id: 1,
        result: { ok: true, value: { message: 'hello' } }
      })
      expect(await client.call({ type: 'invoke', id: 2, channel: 'app.info' })).toMatchObject({
        id: 2,
        result: { ok: true, value: { host: 'browser' } }
      })
    } finally {
      client.ws.close()
    }
  })

  it('answers a bad payload with Validation and an unknown channel with UnknownChannel', async () => {
    const client = await connect()
    try {
      expect(await client.call({ type: 'invoke', id: 3, channel: 'app.ping', payload: { message: 7 } })).toMatchObject({
        id: 3,
        result: { ok: false, error: { code: 'Validation' } }
      })
      expect(await client.call({ type: 'invoke', id: 4, channel: 'app.nothing' })).toMatchObject({
        id: 4,
        result: { ok: false, error: { code: 'UnknownChannel' } }
      })
    } finally {
      client.ws.close()
    }
  })

  it.each([
    ['text that is not JSON', 'not json {'],
    ['JSON of the wrong shape', JSON.stringify({ type: 'invoke', id: -1, channel: 'app.ping' })],
    ['a JSON scalar', '42'],
    ['JSON null', 'null'],
    ['a prototype-polluting object', '{"__proto__":{"polluted":true},"type":"invoke","id":"x"}']
  ])('closes the socket on %s and keeps serving others', async (_what, text) => {
    const client = await connect()
    client.ws.send(text)
    expect((await client.closed).code).toBe(1008)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()

    const next = await connect()
    try {
      expect(
        await next.call({ type: 'invoke', id: 9, channel: 'app.ping', payload: { message: 'still up' } })
      ).toMatchObject({
        result: { ok: true, value: { message: 'still up' } }
      })
    } finally {
      next.ws.close()
    }
  })

  it('closes the socket on a binary message', async () => {
    const client = await connect()
    client.ws.send(Buffer.from([1, 2, 3]))
    expect((await client.closed).code).toBe(1003)
  })

  it('forwards events from the EventBus to connected pages', async () => {
    const client = await connect()
    try {
      const received = new Promise((resolve) => client.ws.once('message', (d) => resolve(JSON.parse(textOf(d)))))
      app.events.emit('app.notice', { level: 'info', message: 'hello pages' })
      expect(await received).toEqual({
        type: 'event',
        event: 'app.notice',
        payload: { level: 'info', message: 'hello pages' }
      })
    } finally {
      client.ws.close()
    }
  })

  it('serves its pages with the CSP header and the shim before the app', async () => {
    const res = await fetch(`${host.origin}/`)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`)
    expect(await res.text()).toContain('/browser-shim.js')
  })
})
