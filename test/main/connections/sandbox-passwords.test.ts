import got from 'got'
import { afterEach, describe, expect, it } from 'vitest'
import type { KeychainStatus } from '../../../common/connections'
import { MemorySecretStore, type SecretStore } from '../../../main/connections'
import { SandboxPasswords } from '../../../main/connections/sandbox-passwords'
import { defaultUsers } from '../../../main/sandbox'
import { memoryLogger, testLogger } from '../../helpers/logger'
import { buildConnections, tempDir } from './helpers'

const ctx = { transport: 'browser' as const }
const available = (): Promise<KeychainStatus> => Promise.resolve({ available: true, store: 'Test', reason: null })
const unavailable = (): Promise<KeychainStatus> =>
  Promise.resolve({ available: false, store: 'Test', reason: 'No Secret Service is running.' })
const passwordsOf = (p: SandboxPasswords) =>
  p.load().then(({ users }) => Object.fromEntries(users.map((u) => [u.username, u.password])))

describe('SandboxPasswords: random per installation, kept in the keychain', () => {
  it('makes a random password per user on first use and keeps it across restarts of the same installation', async () => {
    const keychain = new MemorySecretStore()
    const first = new SandboxPasswords({ users: defaultUsers, keychain, probe: available, logger: testLogger() })
    const made = await passwordsOf(first)
    expect(Object.keys(made).sort()).toEqual(['admin', 'reader', 'writer'])
    for (const u of defaultUsers) {
      expect(made[u.username]).toMatch(/^[A-Za-z0-9_-]{16}$/)
      expect(made[u.username]).not.toBe(u.password)
    }
    expect(new Set(Object.values(made)).size).toBe(3)
    expect(await keychain.get('builtin-sandbox/admin')).toBe(made['admin'])

    const restarted = new SandboxPasswords({ users: defaultUsers, keychain, probe: available, logger: testLogger() })
    expect(await passwordsOf(restarted)).toEqual(made)
    expect((await restarted.load()).storage).toBe('keychain')

    const otherInstall = new SandboxPasswords({
      users: defaultUsers,
      keychain: new MemorySecretStore(),
      probe: available,
      logger: testLogger()
    })
    expect((await passwordsOf(otherInstall))['admin']).not.toBe(made['admin'])
  })

  it('without a keychain, the passwords are random and last only for this run', async () => {
    const keychain = new MemorySecretStore()
    const p = new SandboxPasswords({ users: defaultUsers, keychain, probe: unavailable, logger: testLogger() })
    const { users, storage } = await p.load()
    expect(storage).toBe('session')
    expect(users.map((u) => u.password)).not.toContain('admin-pass')
    expect(await passwordsOf(p)).toEqual(Object.fromEntries(users.map((u) => [u.username, u.password])))
    expect(await keychain.get('builtin-sandbox/admin')).toBeNull()
  })

  it('a keychain that fails to save falls back to this run only, and says so in the log', async () => {
    const failing: SecretStore = {
      kind: 'keychain',
      get: () => Promise.resolve(null),
      set: () => Promise.reject(new Error('The keychain is locked')),
      delete: () => Promise.resolve(false)
    }
    const { logger, sink } = memoryLogger()
    const p = new SandboxPasswords({ users: defaultUsers, keychain: failing, probe: available, logger })
    expect((await p.load()).storage).toBe('session')
    expect(sink.text()).toMatch(/\[warn\].*could not be kept in the keychain.*The keychain is locked/)
  })
})

describe('the built-in sandbox with random passwords', () => {
  const disposers: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const d of disposers.splice(0)) await d()
  })

  it('signs the app in, shows the passwords in Connections → Sandbox, and refuses the documented ones', async () => {
    const keychain = new MemorySecretStore()
    const built = buildConnections(tempDir(), keychain, { randomPasswords: true })
    disposers.push(() => built.dispose())
    const session = await built.sessionManager.connect({ id: 'sandbox', sandboxUser: 'writer' })
    expect(session).toMatchObject({ username: 'writer' })

    const shown = await built.handlers['connections.sandboxUsers'](undefined, ctx)
    expect(shown.storage).toBe('keychain')
    expect(shown.users.map((u) => [u.username, u.rights])).toEqual([
      ['admin', 'administrator'],
      ['writer', 'write'],
      ['reader', 'read']
    ])
    const api = `${session.url}/proxy/v1.svc/mi/v1alpha/job-queue/current-user`
    const as = (username: string, password: string) =>
      got(api, { username, password, throwHttpErrors: false, retry: { limit: 0 } })
    for (const u of shown.users) expect((await as(u.username, u.password)).statusCode).toBe(200)
    for (const u of defaultUsers) expect((await as(u.username, u.password)).statusCode).toBe(401)
  }, 60_000)
})
