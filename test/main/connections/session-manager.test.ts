import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { connectionFormSchema } from '../../../common/connections'
import { MemorySecretStore } from '../../../main/connections'
import { startSandbox, type Sandbox } from '../../../main/sandbox'
import { buildConnections, tempDir } from './helpers'
import { arrayContaining, objectContaining, stringMatching } from '../../helpers/match'

let sandbox: Sandbox
const cleanups: (() => Promise<void>)[] = []
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: tempDir('jq-sandbox-') })
})
afterAll(async () => sandbox?.stop())
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

function build(...args: Parameters<typeof buildConnections>) {
  const built = buildConnections(...args)
  cleanups.push(() => built.dispose())
  return built
}

const form = (over: Record<string, unknown> = {}) =>
  connectionFormSchema.parse({ name: 'Local sandbox', url: sandbox.url, auth: 'basic', username: 'writer', ...over })

async function saved(b: ReturnType<typeof build>, over: Record<string, unknown> = {}) {
  return b.handlers['connections.create'](form(over), { transport: 'browser' })
}

describe('SessionManager against the sandbox', () => {
  it('connects with a password and reports the session, its rights and the live client', async () => {
    const b = build(tempDir())
    const c = await saved(b)
    const session = await b.sessionManager.connect({ id: c.id, password: 'writer-pass' })
    expect(session).toMatchObject({
      connectionId: c.id,
      connectionName: 'Local sandbox',
      url: sandbox.url,
      username: 'writer',
      isAdmin: false,
      hasWriteAccess: true
    })
    expect(session.serverVersion).toMatch(/^\d+\.\d+/)
    expect(session.processingConfiguration.concurrency).toBeGreaterThan(0)
    expect(b.states.map((s) => s.status)).toEqual(arrayContaining(['connecting', 'connected']))
    expect(b.states.at(-1)?.status).toBe('connected')
    const list = await b.sessionManager.client().listJobs()
    expect(list.totalResultCount).toBeGreaterThanOrEqual(0)
    const views = await b.handlers['connections.list'](undefined, { transport: 'browser' })
    expect(views.connections.find((v) => v.id === c.id)).toMatchObject({
      connected: true,
      lastUsed: true,
      hasSavedPassword: false
    })
  })

  it('refuses a wrong password with Unauthorized, stays offline and says why', async () => {
    const b = build(tempDir())
    const c = await saved(b)
    await expect(b.sessionManager.connect({ id: c.id, password: 'nope' })).rejects.toMatchObject({
      code: 'Unauthorized'
    })
    const state = b.sessionManager.state()
    expect(state.status).toBe('offline')
    expect(state.lastError).toMatchObject({ code: 'Unauthorized', connectionId: c.id })
    expect(() => b.sessionManager.client()).toThrow(objectContaining({ code: 'NotConnected' }))
    // A refused password is never kept.
    await expect(b.sessionManager.connect({ id: c.id })).rejects.toMatchObject({ code: 'PasswordRequired' })
  })

  it('asks for a password when none is saved', async () => {
    const b = build(tempDir())
    const c = await saved(b)
    await expect(b.sessionManager.connect({ id: c.id })).rejects.toMatchObject({ code: 'PasswordRequired' })
  })

  it('disconnects: the client is gone and the app will not reconnect on the next start', async () => {
    const dataDir = tempDir()
    const keychain = new MemorySecretStore()
    const b = build(dataDir, keychain)
    const c = await saved(b)
    await b.sessionManager.connect({ id: c.id, password: 'writer-pass', remember: 'keychain' })
    const state = await b.sessionManager.disconnect()
    expect(state).toMatchObject({ status: 'offline', session: null, lastError: null })
    expect(() => b.sessionManager.client()).toThrow(objectContaining({ code: 'NotConnected' }))
    const again = build(dataDir, keychain)
    expect(await again.sessionManager.reconnectOnStart()).toMatchObject({ status: 'offline', lastError: null })
  })

  it('reconnects to the last connection on start with the password from the keychain', async () => {
    const dataDir = tempDir()
    const keychain = new MemorySecretStore()
    const first = build(dataDir, keychain)
    const c = await saved(first)
    await first.sessionManager.connect({ id: c.id, password: 'writer-pass', remember: 'keychain' })
    expect(await keychain.get(`${c.id}/writer`)).toBe('writer-pass')
    await first.dispose()

    const second = build(dataDir, keychain)
    const state = await second.sessionManager.reconnectOnStart()
    expect(state.status).toBe('connected')
    expect(state.session).toMatchObject({ connectionId: c.id, username: 'writer' })
    expect(second.states[0]?.connecting).toMatchObject({ connectionId: c.id, reconnect: true })
  })

  it('reports why the reconnect on start failed: a session-only password is gone after a restart', async () => {
    const dataDir = tempDir()
    const first = build(dataDir)
    const c = await saved(first)
    await first.sessionManager.connect({ id: c.id, password: 'writer-pass', remember: 'session' })
    expect(
      (await first.handlers['connections.list'](undefined, { transport: 'browser' })).connections[1]
    ).toMatchObject({
      passwordStorage: 'session',
      hasSavedPassword: true
    })
    await first.dispose()

    const second = build(dataDir)
    const state = await second.sessionManager.reconnectOnStart()
    expect(state.status).toBe('offline')
    expect(state.lastError).toMatchObject({
      code: 'PasswordRequired',
      connectionId: c.id,
      connectionName: 'Local sandbox'
    })
  })

  it('reports a server that went away on start', async () => {
    const dataDir = tempDir()
    const keychain = new MemorySecretStore()
    const own = await startSandbox({ port: 0, dataDir: tempDir('jq-sandbox-') })
    const first = build(dataDir, keychain)
    const c = await saved(first, { url: own.url })
    await first.sessionManager.connect({ id: c.id, password: 'writer-pass', remember: 'keychain' })
    await own.stop()
    await first.dispose()
    const second = build(dataDir, keychain)
    const state = await second.sessionManager.reconnectOnStart()
    expect(state.status).toBe('offline')
    expect(state.lastError).toMatchObject({ code: 'ConnectionRefused', connectionId: c.id })
  })

  it('refuses to remember in an unavailable keychain before sending anything, and offers this session only', async () => {
    const b = build(tempDir(), 'unavailable')
    const c = await saved(b)
    await expect(
      b.sessionManager.connect({ id: c.id, password: 'writer-pass', remember: 'keychain' })
    ).rejects.toMatchObject({
      code: 'Keychain',
      message: stringMatching(/this session only/i)
    })
    await b.sessionManager.connect({ id: c.id, password: 'writer-pass', remember: 'session' })
    expect(await b.handlers['keychain.status'](undefined, { transport: 'browser' })).toMatchObject({ available: false })
  })

  it('signs out: forgets the saved password and disconnects', async () => {
    const keychain = new MemorySecretStore()
    const b = build(tempDir(), keychain)
    const c = await saved(b)
    await b.sessionManager.connect({ id: c.id, password: 'writer-pass', remember: 'keychain' })
    const state = await b.handlers['session.signOut'](undefined, { transport: 'browser' })
    expect(state.status).toBe('offline')
    expect(await keychain.get(`${c.id}/writer`)).toBeNull()
  })

  it('deleting a connection removes its secret and its session; editing its address forgets the password', async () => {
    const keychain = new MemorySecretStore()
    const b = build(tempDir(), keychain)
    const ctx = { transport: 'browser' as const }
    const a = await saved(b, { name: 'A' })
    const z = await saved(b, { name: 'Z' })
    await b.sessionManager.connect({ id: z.id, password: 'writer-pass', remember: 'keychain' })
    await b.sessionManager.connect({ id: a.id, password: 'writer-pass', remember: 'keychain' })

    await b.handlers['connections.update']({ id: a.id, form: form({ name: 'A renamed' }) }, ctx)
    expect(b.sessionManager.state().session?.connectionName).toBe('A renamed')
    expect(await keychain.get(`${a.id}/writer`)).toBe('writer-pass')

    await b.handlers['connections.delete']({ id: a.id }, ctx)
    expect(await keychain.get(`${a.id}/writer`)).toBeNull()
    expect(b.sessionManager.state().status).toBe('offline')

    await b.handlers['connections.update'](
      { id: z.id, form: form({ name: 'Z', url: `${sandbox.url}/` + '../mi_servicelayer' }) },
      ctx
    )
    expect(await keychain.get(`${z.id}/writer`)).toBeNull()
  })

  it('keeps only the latest of two overlapping connects', async () => {
    const b = build(tempDir())
    const ctx = { transport: 'browser' as const }
    const one = await saved(b, { name: 'One' })
    const two = await saved(b, { name: 'Two', username: 'reader' })
    const first = b.sessionManager.connect({ id: one.id, password: 'writer-pass' })
    const second = b.sessionManager.connect({ id: two.id, password: 'reader-pass' })
    await expect(first).rejects.toMatchObject({ code: 'Cancelled' })
    await second
    expect(b.sessionManager.state().session).toMatchObject({
      connectionName: 'Two',
      username: 'reader',
      hasWriteAccess: false
    })
    expect(
      (await b.handlers['connections.list'](undefined, ctx)).connections.filter((c) => c.connected).map((c) => c.name)
    ).toEqual(['Two'])
  })
})

describe('connection tests', () => {
  const ctx = { transport: 'browser' as const }

  it('passes every step for unsaved form values and a password', async () => {
    const b = build(tempDir())
    const r = await b.handlers['connections.test']({ form: form(), password: 'writer-pass' }, ctx)
    expect(r.ok).toBe(true)
    expect(r.steps.map((s) => [s.step, s.ok])).toEqual([
      ['probe', true],
      ['authenticate', true],
      ['api', true],
      ['version', true]
    ])
    expect(r.user).toEqual({ username: 'writer', isAdmin: false, hasWriteAccess: true })
    expect(b.sessionManager.state().status).toBe('offline')
  })

  it('shows the failing step: wrong password fails at sign-in, a closed port at the probe', async () => {
    const b = build(tempDir())
    const wrong = await b.handlers['connections.test']({ form: form(), password: 'bad' }, ctx)
    expect(wrong.steps.map((s) => [s.step, s.ok])).toEqual([
      ['probe', true],
      ['authenticate', false]
    ])
    expect(wrong.error?.code).toBe('Unauthorized')

    const closed = await b.handlers['connections.test'](
      { form: form({ url: 'http://127.0.0.1:1/mi_servicelayer' }), password: 'x' },
      ctx
    )
    expect(closed.ok).toBe(false)
    expect(closed.steps).toHaveLength(1)
    expect(closed.steps[0]).toMatchObject({ step: 'probe', ok: false })
    expect(closed.error?.code).toBe('ConnectionRefused')
  })

  it('tests a saved connection with its saved password, and asks for one when there is none', async () => {
    const keychain = new MemorySecretStore()
    const b = build(tempDir(), keychain)
    const c = await saved(b)
    const none = await b.handlers['connections.test']({ id: c.id }, ctx)
    expect(none).toMatchObject({ ok: false, steps: [], error: { code: 'PasswordRequired' } })
    await keychain.set(`${c.id}/writer`, 'writer-pass')
    expect((await b.handlers['connections.test']({ id: c.id }, ctx)).ok).toBe(true)
  })
})
