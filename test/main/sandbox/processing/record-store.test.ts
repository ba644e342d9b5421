import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RecordStore, seedDemoRecords } from '../../../../main/sandbox/processing'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jq-records-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('RecordStore', () => {
  it('starts with MI_Training / Tensile Test Data', async () => {
    const store = await RecordStore.open(join(dir, 'records.json'))
    expect(store.databases()).toEqual(['MI_Training'])
    expect(store.tables('mi_training')).toEqual(['Tensile Test Data'])
    expect(store.resolveDatabase('MI_TRAINING')).toBe('MI_Training')
    expect(store.resolveDatabase('Other')).toBeUndefined()
    expect(store.recovered).toBeUndefined()
  })

  it('round-trips records, versions, tables and identities through the file', async () => {
    const path = join(dir, 'records.json')
    const store = await RecordStore.open(path, { clock: () => new Date('2026-11-28T10:00:00Z') })
    const a = store.upsert({
      databaseKey: 'mi_training',
      table: 'Tensile Test Data',
      name: 'A',
      attributes: { x: 1, s: ['a', null] },
      units: { x: 'mm' }
    })
    const b = store.upsert({ databaseKey: 'MI_Training', table: 'Fatigue Data', name: 'B', attributes: { ok: true } })
    const a2 = store.upsert({ databaseKey: 'MI_Training', table: 'tensile test data', name: 'A', attributes: { x: 2 } })
    expect(a.created).toBe(true)
    expect(b.created).toBe(true)
    expect(a2.created).toBe(false)
    expect(a2.record.historyIdentity).toBe(a.record.historyIdentity)
    expect(a2.record.version).toBe(2)
    expect(b.record.historyIdentity).toBeGreaterThan(a.record.historyIdentity)
    await store.save()

    const again = await RecordStore.open(path)
    expect(again.count).toBe(2)
    expect(again.tables('MI_Training')).toEqual(['Tensile Test Data', 'Fatigue Data'])
    expect(again.get(a.record.historyIdentity)?.attributes).toEqual({ x: 2 })
    expect(again.get(a.record.historyIdentity, 1)?.attributes).toEqual({ x: 1, s: ['a', null] })
    expect(again.get(a.record.historyIdentity, 1)?.units).toEqual({ x: 'mm' })
    expect(again.get(a.record.historyIdentity, 3)).toBeUndefined()
    expect(again.get(a.record.historyIdentity, null, 'Other DB')).toBeUndefined()
    expect(again.findByName('Fatigue Data', 'B')?.historyIdentity).toBe(b.record.historyIdentity)
    expect(again.findByName('Fatigue Data', 'b')).toBeUndefined()
    const c = again.upsert({ databaseKey: 'MI_Training', table: 'Fatigue Data', name: 'C', attributes: {} })
    expect(c.record.historyIdentity).toBeGreaterThan(b.record.historyIdentity)
    expect(again.list({ table: 'Fatigue Data' }).map((r) => r.name)).toEqual(['B', 'C'])
  })

  it('refuses a record for a database it does not have', async () => {
    const store = await RecordStore.open(join(dir, 'records.json'))
    expect(() => store.upsert({ databaseKey: 'Nope', table: 't', name: 'n', attributes: {} })).toThrow(
      /Database "Nope" does not exist/
    )
  })

  it('keeps the file intact across concurrent saves', async () => {
    const path = join(dir, 'records.json')
    const store = await RecordStore.open(path)
    const saves: Promise<void>[] = []
    for (let i = 0; i < 20; i++) {
      store.upsert({ databaseKey: 'MI_Training', table: 'Tensile Test Data', name: `R${i}`, attributes: { i } })
      saves.push(store.save())
    }
    await Promise.all(saves)
    expect((await RecordStore.open(path)).count).toBe(20)
    expect((await readdir(dir)).filter((f) => f !== 'records.json')).toEqual([])
  })

  it('moves a corrupt file aside and starts empty', async () => {
    const path = join(dir, 'records.json')
    await writeFile(path, '{ not json')
    const store = await RecordStore.open(path)
    expect(store.count).toBe(0)
    expect(store.recovered?.movedTo).toMatch(/records\.json\.corrupt-/)
    expect(await readFile(store.recovered?.movedTo ?? '', 'utf8')).toBe('{ not json')
  })

  it('stores attachment copies beside the file', async () => {
    const store = await RecordStore.open(join(dir, 'records.json'))
    const source = join(dir, 'pic.png')
    await writeFile(source, 'PNGDATA')
    const value = await store.storeAttachment(source, 'images\\pic.png')
    expect(value.file).toBe('images\\pic.png')
    expect(await readFile(store.attachmentPath(value), 'utf8')).toBe('PNGDATA')
    expect(store.attachmentPath(value).startsWith(store.attachmentsDir)).toBe(true)
  })

  it('seeds demo records once, with the asset templates’ attribute names', async () => {
    const path = join(dir, 'records.json')
    const store = await RecordStore.open(path)
    const seeded = await seedDemoRecords(store, { count: 5 })
    expect(seeded).toHaveLength(5)
    expect(seeded[0]?.attributes['Specimen ID']).toBe(seeded[0]?.name)
    const again = await seedDemoRecords(await RecordStore.open(path), { count: 5 })
    expect(again.map((r) => r.historyIdentity)).toEqual(seeded.map((r) => r.historyIdentity))
    expect((await RecordStore.open(path)).count).toBe(5)
  })
})
