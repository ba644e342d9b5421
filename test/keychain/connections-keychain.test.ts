import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { AsyncEntry } from '@napi-rs/keyring'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionFormSchema } from '../../common/connections'
import { KEYCHAIN_SERVICE } from '../../main/connections/keychain-secret-store'
import { startSandbox, type Sandbox } from '../../main/sandbox'
import { buildConnections, tempDir } from '../main/connections/helpers'
import { filesContaining } from '../helpers/secret-scan'
import { stringMatching } from '../helpers/match'

/** Runs inside scripts/with-keychain.sh: the real Secret Service of a private gnome-keyring. */
const password = `pw-${randomBytes(12).toString('hex')}`
const ctx = { transport: 'browser' as const }
const osEntry = (account: string) => new AsyncEntry(KEYCHAIN_SERVICE, account, { linux: { store: 'secret-service' } })
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    dataDir: tempDir('jq-kc-sandbox-'),
    users: [{ username: 'kc-user', password, isAdmin: false, hasWriteAccess: true, roles: ['MI_USER'] }]
  })
})
afterAll(async () => sandbox?.stop())

const form = () =>
  connectionFormSchema.parse({ name: 'Keychain test', url: sandbox.url, auth: 'basic', username: 'kc-user' })

describe('passwords in the OS keychain', () => {
  it('saves the password in the Secret Service, never in the data folder, and reconnects with it after a restart', async () => {
    const dataDir = tempDir('jq-kc-')
    const first = buildConnections(dataDir, 'os')
    expect(await first.handlers['keychain.status'](undefined, ctx)).toEqual({
      available: true,
      store: 'Secret Service',
      reason: null
    })
    const c = await first.handlers['connections.create'](form(), ctx)
    await first.sessionManager.connect({ id: c.id, password, remember: 'keychain' })
    expect(await osEntry(`${c.id}/kc-user`).getPassword()).toBe(password)
    const view = (await first.handlers['connections.list'](undefined, ctx)).connections.find((v) => v.id === c.id)
    expect(view).toMatchObject({ passwordStorage: 'keychain', hasSavedPassword: true })
    expect(JSON.stringify(view)).not.toContain(password)
    await first.dispose()

    const scan = filesContaining(dataDir, password)
    expect(scan.files).toBeGreaterThan(0)
    expect(scan.hits).toEqual([])

    const second = buildConnections(dataDir, 'os')
    expect(await second.sessionManager.reconnectOnStart()).toMatchObject({
      status: 'connected',
      session: { username: 'kc-user' }
    })

    await second.handlers['connections.delete']({ id: c.id }, ctx)
    expect(await osEntry(`${c.id}/kc-user`).getPassword()).toBeNull()
    await second.dispose()
  })

  it('signing out removes the password from the Secret Service', async () => {
    const b = buildConnections(tempDir('jq-kc-'), 'os')
    const c = await b.handlers['connections.create'](form(), ctx)
    await b.sessionManager.connect({ id: c.id, password, remember: 'keychain' })
    await b.handlers['session.signOut']({ id: c.id }, ctx)
    expect(await osEntry(`${c.id}/kc-user`).getPassword()).toBeNull()
    expect(b.sessionManager.state().status).toBe('offline')
    await b.dispose()
  })

  it("keeps the built-in sandbox's random passwords in the Secret Service, the same after a restart", async () => {
    const dataDir = tempDir('jq-kc-')
    const first = buildConnections(dataDir, 'os', { randomPasswords: true })
    try {
      const shown = await first.handlers['connections.sandboxUsers'](undefined, ctx)
      expect(shown.storage).toBe('keychain')
      for (const u of shown.users) {
        expect(u.password).toMatch(/^[A-Za-z0-9_-]{16}$/)
        expect(await osEntry(`builtin-sandbox/${u.username}`).getPassword()).toBe(u.password)
      }
      await first.dispose()
      const second = buildConnections(dataDir, 'os', { randomPasswords: true })
      expect(await second.handlers['connections.sandboxUsers'](undefined, ctx)).toEqual(shown)
      await second.dispose()
      const scan = filesContaining(dataDir, shown.users[0]?.password ?? 'missing')
      expect(scan.hits).toEqual([])
    } finally {
      for (const user of ['admin', 'writer', 'reader']) await osEntry(`builtin-sandbox/${user}`).deleteCredential()
    }
  })

  it.each([
    ['no D-Bus session at all', undefined],
    ['a dead D-Bus address', 'unix:path=/nonexistent/jq-dead-bus']
  ])(
    'without a keychain (%s): says why, refuses to remember, keeps it for this session only, writes nothing',
    async (_label, bus) => {
      const env = { ...process.env }
      delete env.DBUS_SESSION_BUS_ADDRESS
      if (bus) env.DBUS_SESSION_BUS_ADDRESS = bus
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', resolve('test/keychain/fixtures/no-keychain.ts')],
        {
          env,
          timeout: 60_000
        }
      )
      const out = JSON.parse(stdout) as {
        status: { available: boolean; reason: string | null }
        keychainError: { code: string; message: string } | null
        username: string
        view: { passwordStorage: string; hasSavedPassword: boolean }
        dataDir: string
        password: string
      }
      expect(out.status.available).toBe(false)
      expect(out.status.reason).toMatch(/Secret Service|D-Bus|dbus/i)
      expect(out.keychainError).toMatchObject({
        code: 'Keychain',
        message: stringMatching(/this session only/i)
      })
      expect(out.username).toBe('kc-user')
      expect(out.view).toMatchObject({ passwordStorage: 'session', hasSavedPassword: true })
      const scan = filesContaining(out.dataDir, out.password)
      expect(scan.files).toBeGreaterThan(0)
      expect(scan.hits).toEqual([])
    }
  )
})
