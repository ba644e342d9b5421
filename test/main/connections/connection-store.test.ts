import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { connectionFormSchema, type ConnectionFormInput } from '../../../common/connections'
import { ConnectionStore } from '../../../main/connections/connection-store'

const dir = () => mkdtempSync(join(tmpdir(), 'jq-conn-'))
const form = (over: Partial<ConnectionFormInput> = {}) =>
  connectionFormSchema.parse({
    name: 'Production',
    url: 'https://mi.example.com/mi_servicelayer/',
    auth: 'basic',
    username: 'alice',
    ...over
  })

describe('ConnectionStore', () => {
  it('round-trips connections and the last used id through connections.json', async () => {
    const dataDir = dir()
    const store = new ConnectionStore({ dataDir })
    const a = await store.create(form())
    const b = await store.create(form({ name: 'Test', auth: 'anonymous', username: 'ignored' }))
    await store.setLastUsed(b.id)
    await store.setSandboxUser('reader')

    const again = new ConnectionStore({ dataDir })
    expect(await again.list()).toEqual([a, b])
    expect(await again.lastUsedId()).toBe(b.id)
    expect(await again.sandboxUser()).toBe('reader')
    expect(a.url).toBe('https://mi.example.com/mi_servicelayer')
    expect(b.username).toBe('')

    const onDisk = JSON.parse(readFileSync(join(dataDir, 'connections.json'), 'utf8')) as { schemaVersion: number }
    expect(onDisk.schemaVersion).toBe(1)
  })

  it('updates and deletes, and forgets the last used id of a deleted connection', async () => {
    const dataDir = dir()
    const store = new ConnectionStore({ dataDir })
    const a = await store.create(form())
    await store.setLastUsed(a.id)
    const { after } = await store.update(a.id, form({ name: 'Renamed' }))
    expect(after.name).toBe('Renamed')
    expect(after.createdAt).toBe(a.createdAt)
    await store.delete(a.id)
    const again = new ConnectionStore({ dataDir })
    expect(await again.list()).toEqual([])
    expect(await again.lastUsedId()).toBeNull()
    await expect(again.delete(a.id)).rejects.toMatchObject({ code: 'NotFound' })
  })

  it('keeps every change when many are made at once', async () => {
    const dataDir = dir()
    const store = new ConnectionStore({ dataDir })
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.create(form({ name: `c${i}` }))))
    expect((await new ConnectionStore({ dataDir }).list()).map((c) => c.name).sort()).toHaveLength(20)
  })

  it('moves a corrupt file aside, starts empty and says so', async () => {
    const dataDir = dir()
    writeFileSync(join(dataDir, 'connections.json'), '{"schemaVersion": 1, "data": {"connections": [{"id": 3}]')
    const store = new ConnectionStore({ dataDir })
    expect(await store.list()).toEqual([])
    expect(store.notice).toMatch(/could not be read/)
    const moved = readdirSync(dataDir).filter((f) => f.startsWith('connections.json.corrupt-'))
    expect(moved).toHaveLength(1)
    expect(store.notice).toContain(moved[0])
    await store.create(form())
    expect(await new ConnectionStore({ dataDir }).list()).toHaveLength(1)
  })

  it('moves aside a file with valid JSON but the wrong shape', async () => {
    const dataDir = dir()
    writeFileSync(join(dataDir, 'connections.json'), JSON.stringify({ schemaVersion: 1, data: { connections: 'no' } }))
    const store = new ConnectionStore({ dataDir })
    expect(await store.list()).toEqual([])
    expect(store.notice).toMatch(/connections/)
  })

  it('never writes a password field', async () => {
    const dataDir = dir()
    const store = new ConnectionStore({ dataDir })
    await store.create({ ...form(), password: 'hunter2' } as never)
    expect(readFileSync(join(dataDir, 'connections.json'), 'utf8')).not.toContain('hunter2')
  })
})
