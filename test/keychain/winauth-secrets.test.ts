import { randomBytes } from 'node:crypto'
import { AsyncEntry } from '@napi-rs/keyring'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionFormSchema } from '../../common/connections'
import { KEYCHAIN_SERVICE } from '../../main/connections/keychain-secret-store'
import { startSandbox, type Sandbox } from '../../main/sandbox'
import { buildConnections, tempDir } from '../main/connections/helpers'
import { filesContaining } from '../helpers/secret-scan'

/** Runs inside scripts/with-keychain.sh: the real Secret Service of a private gnome-keyring. */
const password = `ntlm-${randomBytes(12).toString('hex')}`
const ctx = { transport: 'browser' as const }
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    dataDir: tempDir('jq-kc-ntlm-sb-'),
    auth: ['ntlm', 'basic'],
    users: [{ username: 'win-user', password, isAdmin: false, hasWriteAccess: true, roles: ['MI_USER'] }]
  })
})
afterAll(async () => sandbox?.stop())

describe('a Windows account (NTLM) password', () => {
  it('lives in the keychain only: never in the data folder or any IPC reply', async () => {
    const dataDir = tempDir('jq-kc-ntlm-')
    const b = buildConnections(dataDir, 'os')
    const replies: unknown[] = []
    const form = connectionFormSchema.parse({
      name: 'Windows account',
      url: sandbox.url,
      auth: 'ntlm',
      username: 'SANDBOX\\win-user'
    })
    const tested = await b.handlers['connections.test']({ form, password }, ctx)
    replies.push(tested)
    expect(tested).toMatchObject({ ok: true, offered: ['ntlm', 'basic'], user: { username: 'win-user' } })
    const c = await b.handlers['connections.create'](form, ctx)
    replies.push(c)
    replies.push(await b.handlers['session.connect']({ id: c.id, password, remember: 'keychain' }, ctx))
    replies.push(await b.handlers['session.current'](undefined, ctx))
    replies.push(await b.handlers['connections.list'](undefined, ctx))
    replies.push(await b.handlers['connections.test']({ id: c.id, password: 'wrong-one' }, ctx))
    replies.push(b.states)
    expect(sandbox.connections().some((s) => s.user === 'win-user' && s.handshakes === 1)).toBe(true)
    const account = `${c.id}/SANDBOX\\win-user`
    const entry = new AsyncEntry(KEYCHAIN_SERVICE, account, { linux: { store: 'secret-service' } })
    expect(await entry.getPassword()).toBe(password)
    await b.dispose()

    const text = JSON.stringify(replies)
    expect(text).toContain('win-user')
    for (const secret of [password, Buffer.from(password, 'utf16le').toString('base64')]) {
      expect(text).not.toContain(secret)
    }
    const scan = filesContaining(dataDir, password)
    expect(scan.files).toBeGreaterThan(0)
    expect(scan.hits).toEqual([])
    await entry.deletePassword()
  })
})
