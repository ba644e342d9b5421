import '../../common/zod-csp'
import { buildFacade, type EventChannel, type InvokeChannel } from '../../common/contract'
import type { Result } from '../../common/errors'

/**
 * The browser host's stand-in for the preload: implements window.jobqueue over a WebSocket.
 * It reads the per-run token from the page URL (?token=...).
 */
const token = new URLSearchParams(location.search).get('token') ?? ''
const pending = new Map<number, (result: Result<unknown>) => void>()
const listeners = new Map<string, Set<(payload: unknown) => void>>()
let nextId = 1
let socket: Promise<WebSocket> | null = null

function lost(message: string): Result<unknown> {
  return { ok: false, error: { code: 'Network', message } }
}

function connect(): Promise<WebSocket> {
  socket ??= new Promise((resolve, reject) => {
    const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ipc?token=${encodeURIComponent(token)}`)
    ws.addEventListener('open', () => resolve(ws))
    ws.addEventListener('error', () => reject(new Error('The JobQueue Desktop host refused the connection.')))
    ws.addEventListener('close', () => {
      socket = null
      for (const [id, done] of pending) {
        pending.delete(id)
        done(lost('The connection to the JobQueue Desktop host was lost. Restart it and reload this page.'))
      }
    })
    ws.addEventListener('message', (e) => {
      const msg = JSON.parse(String(e.data)) as
        { type: 'result'; id: number; result: Result<unknown> } | { type: 'event'; event: string; payload: unknown }
      if (msg.type === 'result') {
        pending.get(msg.id)?.(msg.result)
        pending.delete(msg.id)
      } else {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload)
      }
    })
  })
  return socket
}

async function invoke(channel: InvokeChannel, payload: unknown): Promise<Result<unknown>> {
  let ws: WebSocket
  try {
    ws = await connect()
  } catch (e) {
    socket = null
    return lost(e instanceof Error ? e.message : String(e))
  }
  const id = nextId++
  return new Promise((resolve) => {
    pending.set(id, resolve)
    ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }))
  })
}

function subscribe(event: EventChannel, listener: (payload: unknown) => void): () => void {
  void connect().catch(() => {})
  let set = listeners.get(event)
  if (!set) listeners.set(event, (set = new Set()))
  set.add(listener)
  return () => set.delete(listener)
}

Object.defineProperty(window, 'jobqueue', { value: Object.freeze(buildFacade(invoke, subscribe)), writable: false })
