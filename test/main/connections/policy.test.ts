import { afterEach, describe, expect, it } from 'vitest'
import { connectionFormSchema, type ConnectionFormInput } from '../../../common/connections'
import { AppError } from '../../../common/errors'
import { organisationConnectionId } from '../../../main/connections/organisation-connections'
import { secretAccount } from '../../../main/connections/secret-store'
import { MemorySecretStore } from '../../../main/connections'
import { readPolicy, type PolicySource } from '../../../main/policy/reader'
import { buildConnections, tempDir } from './helpers'

const ctx = { transport: 'browser' as const }
const plantUrl = 'https://mi.plant.example/mi_servicelayer'
const plantId = organisationConnectionId(plantUrl)

/** IT's policy as the reader gets it from a source (the registry or policy.json): the values are data. */
const policyFrom = (values: Record<string, unknown>) => {
  const source: PolicySource = { kind: 'registry', read: () => Promise.resolve(values) }
  const info = readPolicy([source])
  return async () => (await info).policy
}
const form = (v: ConnectionFormInput) => connectionFormSchema.parse(v)

async function refusal(run: () => unknown): Promise<AppError> {
  try {
    await run()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

const built: { dispose(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(built.splice(0).map((b) => b.dispose()))
})
function build(dataDir: string, values: Record<string, unknown>, keychain = new MemorySecretStore()) {
  const b = buildConnections(dataDir, keychain, { policy: policyFrom(values) })
  built.push(b)
  return b
}

describe('connections IT sets (policy defaultConnections)', () => {
  it('are offered to the user, marked as set by the organisation, and cannot be deleted', async () => {
    const b = build(tempDir(), { defaultConnections: [{ name: 'Plant', url: `${plantUrl}/` }] })
    const list = await b.handlers['connections.list'](undefined, ctx)
    expect(list.connections.map((c) => [c.name, c.url, c.setByOrganisation, c.builtIn])).toEqual([
      ['Sandbox', '', false, true],
      ['Plant', plantUrl, true, false]
    ])
    expect(list.connections[1]?.auth).toBe('negotiate')

    const refused = await refusal(() => b.handlers['connections.delete']({ id: plantId }, ctx))
    expect(refused.code).toBe('Forbidden')
    expect(refused.message).toMatch(/set by your organisation/)
    expect((await b.handlers['connections.list'](undefined, ctx)).connections).toHaveLength(2)
  })

  it('keep the name and address IT set: an edit may change the sign-in, never the URL', async () => {
    const dataDir = tempDir()
    const b = build(dataDir, { defaultConnections: [{ name: 'Plant', url: plantUrl }] })
    const moved = await refusal(() =>
      b.handlers['connections.update'](
        {
          id: plantId,
          form: form({
            name: 'Plant',
            url: 'https://elsewhere.example/mi_servicelayer',
            auth: 'basic',
            username: 'ana'
          })
        },
        ctx
      )
    )
    expect(moved.code).toBe('Forbidden')
    expect(moved.message).toMatch(/set by your organisation/)

    const saved = await b.handlers['connections.update'](
      { id: plantId, form: form({ name: 'Plant', url: plantUrl, auth: 'basic', username: 'ana' }) },
      ctx
    )
    expect(saved).toMatchObject({ id: plantId, url: plantUrl, auth: 'basic', username: 'ana', setByOrganisation: true })
  })

  it('policy overrides what the user kept: IT renames the connection, the user’s sign-in choice stays', async () => {
    const dataDir = tempDir()
    const first = build(dataDir, { defaultConnections: [{ name: 'Plant', url: plantUrl }] })
    await first.handlers['connections.update'](
      { id: plantId, form: form({ name: 'Plant', url: plantUrl, auth: 'basic', username: 'ana' }) },
      ctx
    )
    await first.dispose()

    const next = build(dataDir, { defaultConnections: [{ name: 'Plant (EU)', url: plantUrl, auth: 'ntlm' }] })
    const plant = (await next.handlers['connections.list'](undefined, ctx)).connections[1]
    expect(plant).toMatchObject({ name: 'Plant (EU)', url: plantUrl, auth: 'basic', username: 'ana' })

    const gone = build(dataDir, {})
    expect((await gone.handlers['connections.list'](undefined, ctx)).connections.map((c) => c.name)).toEqual([
      'Sandbox'
    ])
  })
})

describe('policy neverSavePasswords', () => {
  const basic = form({ name: 'Lab', url: 'https://lab.invalid/mi_servicelayer', auth: 'basic', username: 'ana' })

  it('refuses "Remember password" in main, before any sign-in, and says IT set it', async () => {
    const keychain = new MemorySecretStore()
    const b = build(tempDir(), { neverSavePasswords: true }, keychain)
    const lab = await b.handlers['connections.create'](basic, ctx)
    expect(await b.handlers['keychain.status'](undefined, ctx)).toMatchObject({ neverSavePasswords: true })

    const refused = await refusal(() =>
      b.handlers['session.connect']({ id: lab.id, password: 'pw-1', remember: 'keychain' }, ctx)
    )
    expect(refused.code).toBe('Forbidden')
    expect(refused.message).toMatch(/Your organisation does not allow .* \(IT policy NeverSavePasswords\)/)
    expect(await keychain.get(secretAccount(lab.id, 'ana'))).toBeNull()
  })

  it('does not use a password saved in the keychain before IT set it', async () => {
    const dataDir = tempDir()
    const keychain = new MemorySecretStore()
    const before = build(dataDir, {}, keychain)
    const lab = await before.handlers['connections.create'](basic, ctx)
    await keychain.set(secretAccount(lab.id, 'ana'), 'saved-earlier')
    expect(await before.handlers['connections.list'](undefined, ctx)).toMatchObject({
      connections: [{}, { id: lab.id, hasSavedPassword: true, passwordStorage: 'keychain' }]
    })
    await before.dispose()

    const after = build(dataDir, { neverSavePasswords: true }, keychain)
    expect(await after.handlers['connections.list'](undefined, ctx)).toMatchObject({
      connections: [{}, { id: lab.id, hasSavedPassword: false, passwordStorage: 'none' }]
    })
    const asked = await refusal(() => after.connections.target(lab.id))
    expect(asked.code).toBe('PasswordRequired')
  })
})
