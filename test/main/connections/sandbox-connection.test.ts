import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { connectionFormSchema, SANDBOX_CONNECTION_ID } from '../../../common/connections'
import { buildConnections, tempDir } from './helpers'

const ctx = { transport: 'browser' as const }
/** One app data folder for the file: the sandbox seeds its demo queue on first start only (slow), later starts reuse it. */
const dataDir = tempDir()
const firstStartMs = 180_000

describe('the built-in Sandbox connection', () => {
  it(
    'is listed before first use, starts the sandbox in a worker thread on connect, with demo data, as admin by default',
    { timeout: firstStartMs },
    async () => {
      const b = buildConnections(dataDir)
      try {
        const before = await b.handlers['connections.list'](undefined, ctx)
        expect(before.connections[0]).toMatchObject({
          id: SANDBOX_CONNECTION_ID,
          name: 'Sandbox',
          builtIn: true,
          url: '',
          username: 'admin'
        })

        const session = await b.sessionManager.connect({ id: SANDBOX_CONNECTION_ID })
        expect(session).toMatchObject({
          connectionId: 'sandbox',
          username: 'admin',
          isAdmin: true,
          hasWriteAccess: true
        })
        expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
        expect(existsSync(join(dataDir, 'sandbox'))).toBe(true)
        expect(b.sandbox.worker?.threadId).not.toBe(threadId)
        expect((await b.sessionManager.client().listJobs()).totalResultCount).toBeGreaterThan(0)

        const after = await b.handlers['connections.list'](undefined, ctx)
        expect(after.connections[0]).toMatchObject({ url: session.url, connected: true, lastUsed: true })
      } finally {
        await b.dispose()
      }
    }
  )

  it('switches the sandbox user and remembers the choice', { timeout: firstStartMs }, async () => {
    const b = buildConnections(dataDir)
    try {
      const reader = await b.sessionManager.connect({ id: SANDBOX_CONNECTION_ID, sandboxUser: 'reader' })
      expect(reader).toMatchObject({ username: 'reader', isAdmin: false, hasWriteAccess: false })
      const writer = await b.sessionManager.connect({ id: SANDBOX_CONNECTION_ID, sandboxUser: 'writer' })
      expect(writer).toMatchObject({ username: 'writer', isAdmin: false, hasWriteAccess: true })
      expect(writer.url).toBe(reader.url)
    } finally {
      await b.dispose()
    }
    const again = buildConnections(dataDir)
    try {
      expect((await again.handlers['connections.list'](undefined, ctx)).connections[0]?.username).toBe('writer')
      expect(await again.sessionManager.reconnectOnStart()).toMatchObject({
        status: 'connected',
        session: { username: 'writer' }
      })
    } finally {
      await again.dispose()
    }
  })

  it('cannot be edited or deleted', async () => {
    const b = buildConnections(tempDir())
    const form = connectionFormSchema.parse({ name: 'Mine', url: 'http://127.0.0.1:9/sl', auth: 'anonymous' })
    await expect(b.handlers['connections.delete']({ id: SANDBOX_CONNECTION_ID }, ctx)).rejects.toMatchObject({
      code: 'Validation'
    })
    await expect(b.handlers['connections.update']({ id: SANDBOX_CONNECTION_ID, form }, ctx)).rejects.toMatchObject({
      code: 'Validation'
    })
    expect((await b.handlers['connections.list'](undefined, ctx)).connections.map((c) => c.id)).toEqual([
      SANDBOX_CONNECTION_ID
    ])
    await b.dispose()
  })

  it('stops with the app', { timeout: firstStartMs }, async () => {
    const b = buildConnections(dataDir)
    const { url } = await b.sessionManager.connect({ id: SANDBOX_CONNECTION_ID })
    await b.dispose()
    await expect(fetch(`${url}/Health/v2.svc`)).rejects.toThrow()
  })
})
