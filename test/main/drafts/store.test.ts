import { createHash } from 'node:crypto'
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { draftRecordSchema, type DraftsChanged } from '../../../common/drafts'
import { DraftService } from '../../../main/drafts/draft-service'
import { ManualClock } from '../../helpers/manual-clock'
import { until } from '../../helpers/until'
import { copyAssets, excelExport, tempDir, textImport } from './helpers/files'
import { arrayContaining, stringContaining } from '../../helpers/match'

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
const textAssets = ['text_import_template.xml', 'example_data.txt']

function service(dataDir: string, extra: Partial<ConstructorParameters<typeof DraftService>[0]> = {}) {
  return new DraftService({ dataDir, ...extra })
}

describe('draft store', () => {
  it('round-trips a draft through its file, with fingerprints of every file', async () => {
    const dataDir = tempDir()
    const assets = copyAssets(textAssets)
    const a = service(dataDir)
    const created = await a.create({
      ...textImport(assets),
      description: 'from the plane',
      scheduledExecutionDate: '2030-01-02T03:04:05.000Z'
    })
    expect(created.state).toBe('ready')
    expect(created.reasons).toEqual([])

    const onDisk = JSON.parse(readFileSync(join(dataDir, 'drafts', `${created.id}.json`), 'utf8')) as {
      schemaVersion: number
      data: unknown
    }
    expect(onDisk.schemaVersion).toBe(2)
    const record = draftRecordSchema.parse(onDisk.data)
    expect(record.files.map((f) => f.path)).toEqual([
      join(assets, 'text_import_template.xml'),
      join(assets, 'example_data.txt')
    ])
    for (const f of record.files) {
      expect(f.fingerprint?.sha256).toBe(sha256(f.path))
      expect(f.fingerprint?.size).toBe(statSync(f.path).size)
      expect(f.fingerprint?.mtimeMs).toBe(Math.trunc(statSync(f.path).mtimeMs))
    }

    // A new service (the app restarted) reads exactly what was written.
    const b = service(dataDir)
    const again = await b.get(created.id)
    expect(again).toEqual(created)
    const list = await b.list()
    expect(list.problems).toEqual([])
    expect(list.drafts).toMatchObject([
      { id: created.id, name: 'Tensile tests', type: 'TextImportJob', state: 'ready', fileCount: 2 }
    ])
  })

  it('keeps half-filled drafts and says what is missing', async () => {
    const s = service(tempDir())
    const d = await s.create({ type: 'ExcelExportJob', name: '', description: null, databaseKey: '', records: [] })
    expect(d.state).toBe('needsAttention')
    expect(d.name).toBe('Untitled draft')
    expect(d.reasons.map((r) => [r.kind, r.field])).toEqual([
      ['rule', 'name'],
      ['rule', 'template'],
      ['rule', 'databaseKey'],
      ['rule', 'records']
    ])
  })

  it('updates, renames, duplicates and archives', async () => {
    const assets = copyAssets([...textAssets, 'export_template.xlsx'])
    const s = service(tempDir())
    const d = await s.create(textImport(assets))
    const updated = await s.update(d.id, excelExport(assets, [1, 2]))
    expect(updated.request.type).toBe('ExcelExportJob')
    expect(updated.files.map((f) => f.path)).toEqual([join(assets, 'export_template.xlsx')])
    expect(updated.state).toBe('ready')

    const renamed = await s.rename(d.id, '  Monthly export ')
    expect(renamed.name).toBe('Monthly export')
    const copy = await s.duplicate(d.id)
    expect(copy.id).not.toBe(d.id)
    expect(copy.name).toBe('Monthly export (copy)')
    expect(copy.source).toEqual({ kind: 'duplicate', of: d.id })
    expect(copy.files).toEqual(renamed.files)

    await s.archive(d.id)
    expect((await s.list()).drafts.map((x) => x.id)).toEqual([copy.id])
    expect((await s.list({ includeArchived: true })).drafts.map((x) => x.id).sort()).toEqual([d.id, copy.id].sort())
  })

  it('deletes with undo, and for good once the undo window has closed', async () => {
    const dataDir = tempDir()
    const clock = new ManualClock()
    const s = service(dataDir, { undoWindowMs: 300, clock })
    const a = await s.create(excelExport('/nowhere', [1], 'A'))
    const b = await s.create(excelExport('/nowhere', [1], 'B'))

    const { token } = await s.delete(a.id)
    expect((await s.list()).drafts.map((d) => d.id)).toEqual([b.id])
    expect(existsSync(join(dataDir, 'drafts', `${a.id}.json`))).toBe(false)
    const back = await s.undoDelete(token)
    expect(back.id).toBe(a.id)
    expect((await s.list()).drafts.map((d) => d.id).sort()).toEqual([a.id, b.id].sort())

    const second = await s.delete(b.id)
    clock.advance(299)
    expect(existsSync(join(dataDir, 'drafts', 'trash', `${b.id}.json`))).toBe(true)
    clock.advance(1)
    await expect(s.undoDelete(second.token)).rejects.toMatchObject({ code: 'NotFound' })
    expect(readdirSync(join(dataDir, 'drafts')).filter((n) => n.endsWith('.json'))).toEqual([`${a.id}.json`])
    await until(() => !existsSync(join(dataDir, 'drafts', 'trash', `${b.id}.json`)), 'the purge of the trashed draft')
  })

  it('announces changes as deltas', async () => {
    const events: DraftsChanged[] = []
    const s = service(tempDir(), { onChanged: (e) => events.push(e), changedIntervalMs: 0 })
    const d = await s.create(excelExport('/nowhere', [1], 'A'))
    s.flushEvents()
    expect(events.flatMap((e) => e.changed.map((c) => c.id))).toContain(d.id)
    // Reading announces nothing (a renderer that reloads on every event must not loop).
    const count = events.length
    await s.get(d.id)
    await s.refresh()
    s.flushEvents()
    expect(events.length).toBe(count)
    await s.rename(d.id, 'B')
    s.flushEvents()
    expect(events.at(-1)?.changed).toMatchObject([{ id: d.id, name: 'B' }])
    await s.delete(d.id)
    s.flushEvents()
    expect(events.at(-1)?.removed).toEqual([d.id])
  })

  it('moves a corrupt draft file aside, reports it and keeps the others', async () => {
    const dataDir = tempDir()
    const good = await service(dataDir).create(excelExport('/nowhere', [7], 'good'))
    const badId = '11111111-2222-4333-8444-555555555555'
    const badPath = join(dataDir, 'drafts', `${badId}.json`)
    const text = '{"schemaVersion": 2, "data": {"id": "' + badId + '", "request": {'
    writeFileSync(badPath, text)

    const list = await service(dataDir).list()
    expect(list.drafts.map((d) => d.id)).toEqual([good.id])
    expect(list.problems).toHaveLength(1)
    const [problem] = list.problems
    expect(problem?.file).toBe(badPath)
    expect(problem?.movedTo.startsWith(`${badPath}.corrupt-`)).toBe(true)
    expect(readFileSync(problem?.movedTo ?? '', 'utf8')).toBe(text)
    expect(existsSync(badPath)).toBe(false)
  })

  it('notices a submission the app did not finish (it stopped half-way)', async () => {
    const dataDir = tempDir()
    const assets = copyAssets(textAssets)
    const a = service(dataDir)
    const d = await a.create(textImport(assets))
    await a.beginSubmission(d.id)
    // The app stops here. Next start:
    const view = await service(dataDir).get(d.id)
    expect(view.state).toBe('needsAttention')
    expect(view.reasons).toMatchObject([
      { kind: 'interrupted', message: stringContaining('Check the queue for a job named "Tensile tests"') }
    ])
  })

  it('removes temp files left by a write that was killed', async () => {
    const dataDir = tempDir()
    const d = await service(dataDir).create(excelExport('/nowhere', [7]))
    const temp = join(dataDir, 'drafts', `${d.id}.json.1234567`)
    writeFileSync(temp, '{"schemaVersion": 2, "da')
    const list = await service(dataDir).list()
    expect(list.drafts.map((x) => x.id)).toEqual([d.id])
    expect(list.problems).toEqual([])
    expect(existsSync(temp)).toBe(false)
  })
})

describe('draft schema upgrade', () => {
  const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'draft-v1.json'), 'utf8')
  const v1Id = '0b0e7d8e-3c1a-4f55-9a53-6d1f1f5b2c11'
  const recordedMtime = new Date('2025-03-04T09:00:00.000Z')

  function install(dataDir: string, assets: string, change?: (data: Record<string, unknown>) => void) {
    mkdirSync(join(dataDir, 'drafts'), { recursive: true })
    const raw = JSON.parse(fixture.replaceAll('__ASSETS__', assets.replaceAll('\\', '/'))) as {
      data: Record<string, unknown>
    }
    change?.(raw.data)
    writeFileSync(join(dataDir, 'drafts', `${v1Id}.json`), JSON.stringify(raw))
    for (const n of textAssets) utimesSync(join(assets, n), recordedMtime, recordedMtime)
  }

  it('upgrades a v1 draft: hashes the files that are unchanged and rewrites it as v2', async () => {
    const dataDir = tempDir()
    const assets = copyAssets(textAssets)
    install(dataDir, assets)

    const s = service(dataDir)
    const d = await s.get(v1Id)
    expect(d.state).toBe('ready')
    expect(d.name).toBe('Tensile tests, batch 7')
    expect(d.request).toMatchObject({
      type: 'TextImportJob',
      name: 'Tensile tests, batch 7',
      description: 'Prepared offline'
    })
    expect(d.createdAt).toBe('2025-03-04T09:10:11.000Z')
    expect(d.submission).toBeNull()
    expect(d.files.map((f) => f.fingerprint?.sha256)).toEqual(textAssets.map((n) => sha256(join(assets, n))))

    const onDisk = JSON.parse(readFileSync(join(dataDir, 'drafts', `${v1Id}.json`), 'utf8')) as {
      schemaVersion: number
      data: unknown
    }
    expect(onDisk.schemaVersion).toBe(2)
    expect(draftRecordSchema.parse(onDisk.data).files.every((f) => f.fingerprint?.sha256)).toBe(true)
  })

  it('flags a v1 file that changed before the upgrade, and keeps a submitted v1 draft submitted', async () => {
    const dataDir = tempDir()
    const assets = copyAssets(textAssets)
    install(dataDir, assets, (data) => (data['jobId'] = null))
    appendFileSync(join(assets, 'example_data.txt'), 'one more line\n')
    utimesSync(join(assets, 'example_data.txt'), recordedMtime, recordedMtime)

    const d = await service(dataDir).get(v1Id)
    expect(d.state).toBe('needsAttention')
    expect(d.reasons).toMatchObject([
      { kind: 'fileChanged', path: join(assets, 'example_data.txt').replaceAll('\\', '/'), changed: ['size'] }
    ])
    expect(d.files[1]?.fingerprint?.sha256).toBeNull()

    const other = tempDir()
    install(other, assets, (data) => (data['jobId'] = 'a7c7a1a8-52a4-4bd6-a57e-8c7a2b0e5b4d'))
    const submitted = await service(other).get(v1Id)
    expect(submitted.state).toBe('submitted')
    expect(submitted.submission).toMatchObject({ status: 'submitted', jobId: 'a7c7a1a8-52a4-4bd6-a57e-8c7a2b0e5b4d' })
  })
})

describe('file changes', () => {
  async function setup() {
    const assets = copyAssets(textAssets)
    const dataDir = tempDir()
    const s = service(dataDir)
    const d = await s.create(textImport(assets))
    expect(d.state).toBe('ready')
    return { assets, dataDir, s, d, data: join(assets, 'example_data.txt') }
  }

  it('detects a changed size', async () => {
    const { s, d, data } = await setup()
    appendFileSync(data, 'x')
    await s.refresh()
    expect((await s.get(d.id)).reasons).toMatchObject([
      { kind: 'fileChanged', path: data, changed: arrayContaining(['size']) }
    ])
  })

  it('detects a changed content with the same size and modification time', async () => {
    // Whole seconds, so that setting the time back is exact.
    const when = new Date('2026-01-02T03:04:05Z')
    const assets = copyAssets(textAssets)
    const data = join(assets, 'example_data.txt')
    utimesSync(data, when, when)
    const dataDir = tempDir()
    const s = service(dataDir)
    const d = await s.create(textImport(assets))
    const before = statSync(data)
    writeFileSync(data, readFileSync(data, 'utf8').replace('1', '2'))
    utimesSync(data, when, when)
    expect(statSync(data).size).toBe(before.size)
    expect(statSync(data).mtimeMs).toBe(before.mtimeMs)
    const changed = await s.refresh()
    expect(changed.map((c) => c.id)).toEqual([d.id])
    expect((await s.get(d.id)).reasons).toMatchObject([{ kind: 'fileChanged', path: data, changed: ['hash'] }])
    // Also after a restart.
    expect((await service(dataDir).get(d.id)).reasons).toMatchObject([{ kind: 'fileChanged', changed: ['hash'] }])
  })

  it('detects a changed modification time', async () => {
    const { s, d, data } = await setup()
    utimesSync(data, new Date(), new Date('2031-01-01T00:00:00Z'))
    await s.refresh()
    expect((await s.get(d.id)).reasons).toMatchObject([{ kind: 'fileChanged', path: data, changed: ['mtime'] }])
  })

  it('detects a moved file, and relinking it makes the draft ready again', async () => {
    const { s, d, data, assets } = await setup()
    const moved = join(assets, 'moved.txt')
    renameSync(data, moved)
    await s.refresh()
    const view = await s.get(d.id)
    expect(view.state).toBe('needsAttention')
    expect(view.reasons).toMatchObject([{ kind: 'fileMissing', path: data }])

    const relinked = await s.relink(d.id, data, moved)
    expect(relinked.state).toBe('ready')
    expect(relinked.request).toMatchObject({ data: [{ path: moved }] })
    expect(relinked.files.map((f) => f.path)).toEqual([join(assets, 'text_import_template.xml'), moved])
  })

  it('accepts a changed file when it is picked again', async () => {
    const { s, d, data } = await setup()
    appendFileSync(data, 'x')
    await s.refresh()
    expect((await s.get(d.id)).state).toBe('needsAttention')
    const again = await s.relink(d.id, data, data)
    expect(again.state).toBe('ready')
    expect(again.files[1]?.fingerprint?.sha256).toBe(sha256(data))
  })

  it('records a file that was missing when it was added, once it appears', async () => {
    const assets = tempDir()
    const s = service(tempDir())
    const d = await s.create(textImport(assets))
    expect(d.reasons.map((r) => r.kind)).toEqual(['fileMissing', 'fileMissing'])
    copyAssets(textAssets, assets)
    await s.refresh()
    const now = await s.get(d.id)
    expect(now.state).toBe('ready')
    expect(now.files.every((f) => f.fingerprint?.sha256)).toBe(true)
  })
})
