import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startHostProcess, type HostProcess } from '../../helpers/browser-host-process'
import { sandbox, type Sandbox } from '../granta/helpers'

/** `npm run start:browser`, then a sign-in with a wrong password: the failure is in the log file, the password is not. */
const password = 'N0t-The-Pa55word-91c2'
let host: HostProcess
let sb: Sandbox
let ws: WebSocket
let nextId = 1

function call(channel: string, payload?: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
  const id = nextId++
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { type: string; id?: number; result?: never }
      if (m.type !== 'result' || m.id !== id) return
      ws.off('message', onMessage)
      resolve(m.result as never)
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }))
  })
}

beforeAll(async () => {
  sb = await sandbox()
  const renderer = mkdtempSync(join(tmpdir(), 'jq-renderer-'))
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>')
  host = await startHostProcess({ args: ['--renderer', renderer] })
  const url = new URL(host.url)
  ws = new WebSocket(`ws://${url.host}/ipc?token=${url.searchParams.get('token')}`, { origin: url.origin })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
}, 120_000)
afterAll(async () => {
  ws?.close()
  await host?.stop()
  await sb?.stop()
})

describe('the log of a started app', () => {
  it('records a failed sign-in without the password', async () => {
    const created = (await call('connections.create', {
      name: 'Wrong password',
      url: sb.url,
      auth: 'basic',
      username: 'writer'
    })) as { ok: boolean; value?: { id: string } }
    expect(created.ok).toBe(true)
    const connected = await call('session.connect', { id: created.value?.id, password })
    expect(connected).toMatchObject({ ok: false, error: { code: 'Unauthorized' } })

    const text = readFileSync(join(host.dataDir, 'logs', 'main.log'), 'utf8')
    expect(text).toMatch(/started \(browser/)
    expect(text).toMatch(/\[warn\].*connecting to Wrong password .* failed/)
    expect(text).not.toContain(password)
    expect(text).not.toContain(Buffer.from(`writer:${password}`).toString('base64'))
  })
})
