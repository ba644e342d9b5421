import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { processJob, RecordStore } from '../../../../main/sandbox/processing'
import { writeCombinedWorkbook, writePictureExportTemplate } from './fixtures'
import { asset, MemoryLog } from './helpers'
import { stringMatching } from '../../../helpers/match'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jq-process-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const textFiles = [asset('text_import_template.xml', 'Template'), asset('example_data.txt', 'Data')]

describe('processJob', () => {
  it('changes no record when the job is cancelled before it writes', async () => {
    const records = await RecordStore.open(join(dir, 'records.json'))
    const controller = new AbortController()
    controller.abort()
    const log = new MemoryLog()
    const result = await processJob({
      jobName: 'cancelled',
      type: 'TextImportJob',
      files: textFiles,
      outputDir: dir,
      records,
      log,
      signal: controller.signal
    })
    expect(result.failed).toBe(true)
    expect(result.summary).toMatchObject({ FinishedSuccessfully: false, NumberOfRecordsCreated: 0 })
    expect(log.errors()).toEqual(['The job was stopped before it finished'])
    expect(records.count).toBe(0)
  })

  it('turns a disk failure into a failed job with an ERROR line instead of throwing', async () => {
    const storeDir = join(dir, 'store')
    await mkdir(storeDir)
    const records = await RecordStore.open(join(storeDir, 'records.json'))
    await rm(storeDir, { recursive: true })
    const log = new MemoryLog()
    const result = await processJob({
      jobName: 'disk',
      type: 'TextImportJob',
      files: textFiles,
      outputDir: dir,
      records,
      log
    })
    expect(result.failed).toBe(true)
    expect(result.summary['FinishedSuccessfully']).toBe(false)
    expect(log.errors()[0]).toMatch(/^Internal error while processing the job: /)
  })

  it('writes log lines that say what was read and created', async () => {
    const records = await RecordStore.open(join(dir, 'records.json'))
    const log = new MemoryLog()
    await processJob({ jobName: 'text', type: 'TextImportJob', files: textFiles, outputDir: dir, records, log })
    expect(log.lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      'INFO Started TextImportJob "text" with 2 input files',
      'INFO Read template text_import_template.xml ("Test Text Importer"): 7 text readers, encoding windows-1251',
      'INFO Read example_data.txt: 4 specimens',
      ...[1, 2, 3, 4].map((n) =>
        stringMatching(
          new RegExp(
            `^INFO Created record "Build-${n}" \\(history identity \\d+\\) in MI_Training / Tensile Test Data from example_data\\.txt, specimen ${n}$`
          )
        )
      ),
      'INFO Finished: 4 records created, 0 updated, 0 errors'
    ])
  })

  it('lists an attachment that vanished from the record store in Errors', async () => {
    const records = await RecordStore.open(join(dir, 'records.json'))
    const book = join(dir, 'micro.xlsx')
    await writeCombinedWorkbook(book, { recordName: 'M-9', picture: 'p.png', thickness: 1, table: 'Tensile Test Data' })
    await writeFile(join(dir, 'p.png'), 'PNG')
    await processJob({
      jobName: 'import',
      type: 'ExcelImportJob',
      files: [
        { fileType: 'Combined', virtualPath: 'micro.xlsx', diskPath: book },
        { fileType: 'Attachment', virtualPath: 'p.png', diskPath: join(dir, 'p.png') }
      ],
      outputDir: dir,
      records,
      log: new MemoryLog()
    })
    await rm(records.attachmentsDir, { recursive: true })
    const template = join(dir, 'pictures.xlsx')
    await writePictureExportTemplate(template)
    const out = join(dir, 'out')
    await mkdir(out)
    const id = records.findByName('Tensile Test Data', 'M-9')?.historyIdentity ?? 0
    const result = await processJob({
      jobName: 'export',
      type: 'ExcelExportJob',
      files: [{ fileType: 'Template', virtualPath: 'pictures.xlsx', diskPath: template }],
      exportParameters: {
        databaseKey: 'MI_Training',
        records: [{ historyIdentity: id, version: null }],
        templateFileName: 'pictures.xlsx'
      },
      outputDir: out,
      records,
      log: new MemoryLog()
    })
    expect(result).toEqual({
      summary: {
        ExportedRecords: 1,
        Errors: ['The attachment "p.png" of record "M-9" is missing from the record store']
      },
      outputFiles: ['export.xlsx'],
      failed: false
    })
  })
})
