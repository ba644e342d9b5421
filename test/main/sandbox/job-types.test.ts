import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  asset,
  createJob,
  getJob,
  openSandbox,
  textImportBody,
  type GsaJobBody,
  type TestSandbox
} from './helpers/sandbox-fixture'

let t: TestSandbox
beforeAll(async () => {
  t = await openSandbox()
})
afterAll(() => t.close())

async function run(job: GsaJobBody): Promise<{ job: GsaJobBody; summary: Record<string, unknown>; log: string }> {
  t.sandbox.tick()
  await t.sandbox.idle()
  const done = await getJob(t, job.id)
  const summary = JSON.parse(done.jobSpecificOutputs.summary ?? '{}') as Record<string, unknown>
  const log = (
    await t.as('reader').get(`jobs/${job.id}/outputs:export`, { searchParams: { fileName: `${done.name}.log` } })
  ).body
  return { job: done, summary, log }
}

const files = async (specs: [string, string][]): Promise<{ inputFileIds: string[]; parameters: string }> => {
  const inputFileIds: string[] = []
  for (const [, name] of specs) inputFileIds.push(await t.upload('writer', asset(name)))
  return { inputFileIds, parameters: JSON.stringify(specs.map(([fileType, filePath]) => ({ fileType, filePath }))) }
}

describe('sandbox: each job type on the asset files', () => {
  it('text import of example_data.txt with text_import_template.xml creates 4 records', async () => {
    const { job, summary, log } = await run(await createJob(t, 'writer', await textImportBody(t, 'writer', 'Text')))
    expect(job.status).toBe('Succeeded')
    expect(summary).toMatchObject({
      FinishedSuccessfully: true,
      NumberOfErrors: 0,
      NumberOfRecordsCreated: 4,
      NumberOfRecordsUpdated: 0
    })
    expect(job.outputFileNames).toEqual(['Text.log'])
    expect(log).toMatch(/INFO /)
  })

  it('Excel import of a template and two data files creates a record per data file', async () => {
    const body = await files([
      ['Template', 'import_template.xlsx'],
      ['Data', 'data_file_1.xlsx'],
      ['Data', 'data_file_2.xlsx']
    ])
    const { job, summary } = await run(await createJob(t, 'writer', { name: 'Excel', type: 'ExcelImportJob', ...body }))
    expect(job.status).toBe('Succeeded')
    expect(summary).toMatchObject({ FinishedSuccessfully: true, NumberOfRecordsCreated: 2, NumberOfErrors: 0 })
  })

  it('Excel import of a combined workbook creates one record; importing it again updates it', async () => {
    const make = async (name: string) =>
      createJob(t, 'writer', {
        name,
        type: 'ExcelImportJob',
        ...(await files([['Combined', 'combined_import_file.xlsx']]))
      })
    const first = await run(await make('Combined'))
    expect(first.summary).toMatchObject({ FinishedSuccessfully: true, NumberOfRecordsCreated: 1 })
    const second = await run(await make('Combined again'))
    expect(second.summary).toMatchObject({
      FinishedSuccessfully: true,
      NumberOfRecordsCreated: 0,
      NumberOfRecordsUpdated: 1
    })
  })

  it('Excel import with a template that does not match ends Succeeded with FinishedSuccessfully false and an ERROR line', async () => {
    const body = await files([
      ['Template', 'export_template.xlsx'],
      ['Data', 'example_data.txt']
    ])
    const { job, summary, log } = await run(
      await createJob(t, 'writer', { name: 'Broken', type: 'ExcelImportJob', ...body })
    )
    expect(job.status).toBe('Succeeded')
    expect(summary.FinishedSuccessfully).toBe(false)
    expect(log).toMatch(/ERROR /)
  })

  it('Excel export of imported records lists unknown ids in Errors; an unknown database fails the job', async () => {
    const exportJob = async (name: string, databaseKey: string, ids: number[]) => {
      const template = await t.upload('writer', asset('export_template.xlsx'))
      return createJob(t, 'writer', {
        name,
        type: 'ExcelExportJob',
        inputFileIds: [template],
        parameters: JSON.stringify({
          DatabaseKey: databaseKey,
          InputRecords: ids.map((id) => ({ RecordHistoryIdentity: id, RecordVersion: null })),
          TemplateFileName: 'C:\\Users\\me\\export_template.xlsx'
        })
      })
    }
    const ok = await run(await exportJob('Export', 'MI_Training', [100001, 100002, 999999]))
    expect(ok.job.status).toBe('Succeeded')
    expect(ok.summary.ExportedRecords).toBe(2)
    expect(JSON.stringify(ok.summary.Errors)).toContain('999999')
    expect(ok.job.outputFileNames).toContain('Export.log')
    expect(ok.job.outputFileNames.some((n) => /\.(xlsx|zip)$/.test(n))).toBe(true)

    const bad = await run(await exportJob('Nowhere', 'MI_Nowhere', [100001]))
    expect(bad.job.status).toBe('Failed')
    expect(bad.log).toContain('MI_Nowhere')
  })

  it('ends a job whose input cannot be read with FinishedSuccessfully false and an ERROR line, and keeps serving', async () => {
    const job = await createJob(t, 'writer', await textImportBody(t, 'writer', 'Unreadable'))
    const template = join(t.dataDir, 'jobs', job.id, 'inputs', 'text_import_template.xml')
    rmSync(template)
    mkdirSync(template) // a folder where the file should be: reading it fails
    const { job: done, summary, log } = await run(job)
    expect(done.status).toBe('Succeeded')
    expect(summary.FinishedSuccessfully).toBe(false)
    expect(log).toMatch(/ERROR /)
    expect((await t.as('reader').get('current-user')).statusCode).toBe(200)
  })
})
