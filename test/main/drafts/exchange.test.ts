import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JobDefinition } from '../../../common/domain'
import { jqDraftSchema } from '../../../common/drafts'
import { DraftService } from '../../../main/drafts/draft-service'
import { DraftExchange } from '../../../main/drafts/exchange'
import { draftFromJobDefinition } from '../../../main/drafts/from-job'
import { assetsDir, copyAssets, excelImport, tempDir } from './helpers/files'
import { stringContaining } from '../../helpers/match'

const excelAssets = ['import_template.xlsx', 'data_file_1.xlsx', 'data_file_2.xlsx']

function setup() {
  const drafts = new DraftService({ dataDir: tempDir() })
  return { drafts, exchange: new DraftExchange(drafts) }
}

describe('.jqdraft export and import', () => {
  it('round-trips a draft to a colleague whose files are elsewhere, relinked one by one or by folder', async () => {
    const mine = copyAssets(excelAssets)
    const me = setup()
    const original = await me.drafts.create({
      ...excelImport(mine),
      attachments: [{ path: join(mine, 'data_file_2.xlsx'), virtualPath: 'assets/copy.xlsx' }]
    })
    expect(original.state).toBe('ready')
    await me.drafts.endSubmission(original.id, me.drafts.record(original.id), {
      error: { code: 'Network', message: 'secret-ish server detail' }
    })

    const file = join(tempDir(), 'batch 7')
    const { path } = await me.exchange.export(original.id, file)
    expect(path).toBe(`${file}.jqdraft`)
    const text = readFileSync(path, 'utf8')
    const exported = jqDraftSchema.parse(JSON.parse(text))
    expect(exported.request).toEqual(original.request)
    expect(exported.files).toEqual(original.files.map((f) => ({ path: f.path, fingerprint: f.fingerprint })))
    // Only the request and fingerprints: no errors, ids or anything about servers.
    expect(text).not.toContain('secret-ish')
    expect(text).not.toContain(original.id)

    // The colleague keeps the same files in another folder, with other names around them.
    const theirs = tempDir('jq-colleague-')
    mkdirSync(join(theirs, 'nested', 'deeper'), { recursive: true })
    copyFileSync(join(mine, 'import_template.xlsx'), join(theirs, 'import_template.xlsx'))
    copyFileSync(join(mine, 'data_file_1.xlsx'), join(theirs, 'nested', 'deeper', 'data_file_1.xlsx'))
    // Same name, different content: must not be picked.
    writeFileSync(join(theirs, 'data_file_2.xlsx'), 'not the same file')
    renameSync(mine, `${mine}-gone`)

    const them = setup()
    const imported = await them.exchange.import(path)
    expect(imported.id).not.toBe(original.id)
    expect(imported.request).toEqual(original.request)
    expect(imported.source).toEqual({ kind: 'import', file: path })
    expect(imported.state).toBe('needsAttention')
    expect(imported.reasons.filter((r) => r.kind === 'fileMissing').map((r) => r.path)).toEqual(
      original.files.map((f) => f.path)
    )

    const byFolder = await them.exchange.relinkFolder(imported.id, theirs)
    expect(byFolder.relinked).toEqual([
      { from: join(mine, 'import_template.xlsx'), to: join(theirs, 'import_template.xlsx') },
      { from: join(mine, 'data_file_1.xlsx'), to: join(theirs, 'nested', 'deeper', 'data_file_1.xlsx') }
    ])
    expect(byFolder.unmatched).toEqual([join(mine, 'data_file_2.xlsx')])
    expect(byFolder.draft.state).toBe('needsAttention')

    // The last one is picked by hand; it is used twice (data and attachment) and both follow.
    const picked = join(theirs, 'picked.xlsx')
    copyFileSync(join(assetsDir, 'data_file_2.xlsx'), picked)
    const done = await them.drafts.relink(imported.id, join(mine, 'data_file_2.xlsx'), picked)
    expect(done.state).toBe('ready')
    expect(done.request).toMatchObject({
      data: [{ path: join(theirs, 'nested', 'deeper', 'data_file_1.xlsx') }, { path: picked }],
      attachments: [{ path: picked, virtualPath: 'assets/copy.xlsx' }]
    })
    expect(done.files.map((f) => [f.path, f.origin])).toEqual([
      [join(theirs, 'import_template.xlsx'), 'local'],
      [join(theirs, 'nested', 'deeper', 'data_file_1.xlsx'), 'local'],
      [picked, 'local']
    ])
  })

  it('refuses a file that is not a draft, or one from a newer app, with a clear message', async () => {
    const { exchange } = setup()
    const dir = tempDir()
    writeFileSync(join(dir, 'a.jqdraft'), '{"hello": 1}')
    await expect(exchange.import(join(dir, 'a.jqdraft'))).rejects.toMatchObject({
      code: 'Validation',
      message: stringContaining('not a JobQueue Desktop draft')
    })
    writeFileSync(join(dir, 'b.jqdraft'), JSON.stringify({ format: 'jobqueue-desktop.draft', version: 9 }))
    await expect(exchange.import(join(dir, 'b.jqdraft'))).rejects.toMatchObject({
      message: stringContaining('newer version')
    })
    writeFileSync(join(dir, 'c.jqdraft'), '{"format": "jobqueue-desktop.draft", "version": 1, "req')
    await expect(exchange.import(join(dir, 'c.jqdraft'))).rejects.toMatchObject({ code: 'Validation' })
    await expect(exchange.import(join(dir, 'none.jqdraft'))).rejects.toMatchObject({ code: 'FileNotFound' })
  })
})

describe('copy to new draft from a job definition', () => {
  const importDefinition: JobDefinition = {
    name: 'Monthly import',
    description: 'from the queue',
    type: 'ExcelImportJob',
    scheduledExecutionDate: '2020-01-01T00:00:00.000Z',
    inputFileIds: ['f1', 'f2', 'f3'],
    parameters: '[]',
    files: [
      { fileType: 'Template', filePath: 'import_template.xlsx' },
      { fileType: 'Data', filePath: 'data_file_1.xlsx' },
      { fileType: 'Attachment', filePath: 'assets/data_file_2.xlsx' }
    ],
    export: null
  }

  it('makes a draft with the same request whose files are to be relinked, then relinks them from a folder', async () => {
    const { drafts, exchange } = setup()
    const d = await drafts.insert(draftFromJobDefinition(importDefinition, 'job-1', new Date()))
    expect(d.source).toEqual({ kind: 'job', jobId: 'job-1' })
    expect(d.request).toMatchObject({
      type: 'ExcelImportJob',
      name: 'Monthly import',
      description: 'from the queue',
      // A schedule in the past is dropped.
      scheduledExecutionDate: null,
      template: { path: 'import_template.xlsx', virtualPath: 'import_template.xlsx' },
      data: [{ path: 'data_file_1.xlsx' }],
      attachments: [{ path: 'assets/data_file_2.xlsx', virtualPath: 'assets/data_file_2.xlsx' }]
    })
    expect(d.state).toBe('needsAttention')
    expect(d.reasons.map((r) => [r.kind, r.path])).toEqual([
      ['fileFromServer', 'import_template.xlsx'],
      ['fileFromServer', 'data_file_1.xlsx'],
      ['fileFromServer', 'assets/data_file_2.xlsx']
    ])

    const folder = copyAssets(excelAssets)
    const result = await exchange.relinkFolder(d.id, folder)
    expect(result.unmatched).toEqual([])
    expect(result.draft.state).toBe('ready')
    expect(result.draft.request).toMatchObject({
      attachments: [{ path: join(folder, 'data_file_2.xlsx'), virtualPath: 'assets/data_file_2.xlsx' }]
    })
  })

  it('copies an export with its records and database key', () => {
    const r = draftFromJobDefinition(
      {
        name: 'Export',
        description: null,
        type: 'ExcelExportJob',
        scheduledExecutionDate: null,
        inputFileIds: ['t'],
        parameters: '{}',
        files: null,
        export: {
          databaseKey: 'MI_Training',
          records: [{ historyIdentity: 5, version: 2 }],
          templateFileName: 'export_template.xlsx'
        }
      },
      'job-2',
      new Date()
    )
    expect(r.request).toMatchObject({
      type: 'ExcelExportJob',
      databaseKey: 'MI_Training',
      records: [{ historyIdentity: 5, version: 2 }],
      template: { path: 'export_template.xlsx' }
    })
    expect(r.files).toEqual([{ path: 'export_template.xlsx', fingerprint: null, origin: 'server' }])
  })
})
