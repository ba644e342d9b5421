import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeCombinedWorkbook, writeGarbage } from './fixtures'
import { asset, loadWorkbook, makeWorkspace, type Workspace } from './helpers'

let ws: Workspace
beforeEach(async () => {
  ws = await makeWorkspace()
})
afterEach(async () => {
  await ws.dispose()
})

const templateAndData = [
  asset('import_template.xlsx', 'Template'),
  asset('data_file_1.xlsx', 'Data'),
  asset('data_file_2.xlsx', 'Data')
]

describe('Excel import', () => {
  it('imports a combined file as one record named by its record-name cell', async () => {
    const { result, log } = await ws.run({
      type: 'ExcelImportJob',
      files: [asset('combined_import_file.xlsx', 'Combined')]
    })
    expect(result).toEqual({
      summary: {
        FinishedSuccessfully: true,
        NumberOfErrors: 0,
        NumberOfRecordsCreated: 1,
        NumberOfRecordsUpdated: 0,
        NumberOfTasks: 1
      },
      outputFiles: [],
      failed: false
    })
    const [record] = ws.records.list({ databaseKey: 'MI_Training', table: 'Tensile Test Data' })
    expect(record?.name).toBe('Ti003-02-S1')
    expect(record?.attributes).toMatchObject({
      Alloy: 'Ti-6Al-4V',
      'Batch Number': 1081,
      'Standard Test Description': 'ASTM E8, standard tension test for metallic materials.',
      'Test Type': 'Tensile',
      'Specimen ID': ['Ti003-02-S1', 'Ti003-02-S2', 'Ti003-02-S3', 'Ti003-02-S4'],
      'Specimen Orientation': ['L', 'L', 'L', 'L'],
      'Gauge Thickness': [5.51, 5.26, 5.44, 5.11],
      'Gauge Area': [214.33899999999997, 207.76999999999998, 193.12, 194.18],
      'Test Temperature': [-321, -321, -321, -321]
    })
    // "Import: false" in the lookup sheet (tree levels) and empty cells are not imported.
    expect(record?.attributes).not.toHaveProperty('Alloy Class')
    expect(record?.attributes).not.toHaveProperty('Gauge Length')
    expect(record?.units['Gauge Thickness']).toBe('mm')
    expect(log.text()).toMatch(/Read combined file combined_import_file\.xlsx: 23 attribute mappings/)
    expect(log.text()).toMatch(/Created record "Ti003-02-S1"/)
  })

  it('imports a template and two data files as two records', async () => {
    const { result } = await ws.run({ type: 'ExcelImportJob', files: templateAndData })
    expect(result.summary).toEqual({
      FinishedSuccessfully: true,
      NumberOfErrors: 0,
      NumberOfRecordsCreated: 2,
      NumberOfRecordsUpdated: 0,
      NumberOfTasks: 2
    })
    const records = ws.records.list()
    expect(records.map((r) => r.name)).toEqual(['Ti003-02-S5', 'Ti003-02-S9'])
    expect(records[1]?.attributes['Specimen ID']).toEqual([
      'Ti003-02-S9',
      'Ti003-02-S10',
      'Ti003-02-S11',
      'Ti003-02-S12'
    ])
  })

  it('updates records whose names exist already', async () => {
    await ws.run({ type: 'ExcelImportJob', files: templateAndData })
    const before = ws.records.list().map((r) => r.historyIdentity)
    const { result, log } = await ws.run({
      type: 'ExcelImportJob',
      files: [
        asset('import_template.xlsx', 'Template'),
        asset('data_file_2.xlsx', 'Data'),
        asset('combined_import_file.xlsx', 'Data')
      ]
    })
    expect(result.summary).toMatchObject({
      FinishedSuccessfully: true,
      NumberOfRecordsCreated: 1,
      NumberOfRecordsUpdated: 1
    })
    const after = ws.records.list()
    expect(after.slice(0, 2).map((r) => r.historyIdentity)).toEqual(before)
    expect(after.map((r) => [r.name, r.version])).toEqual([
      ['Ti003-02-S5', 1],
      ['Ti003-02-S9', 2],
      ['Ti003-02-S1', 1]
    ])
    expect(log.text()).toMatch(/Updated record "Ti003-02-S9" \(history identity \d+, now version 2\)/)
  })

  it('names the record after the file when the record-name cell is empty', async () => {
    const path = join(ws.dir, 'unnamed run.xlsx')
    const wb = await loadWorkbook(asset('data_file_1.xlsx', 'Data').diskPath)
    wb.getWorksheet('Tensile Test definition')!.getCell('C15').value = null
    await wb.xlsx.writeFile(path)
    const { result } = await ws.run({
      type: 'ExcelImportJob',
      files: [
        asset('import_template.xlsx', 'Template'),
        { fileType: 'Data', virtualPath: 'runs/unnamed run.xlsx', diskPath: path }
      ]
    })
    expect(result.summary['NumberOfRecordsCreated']).toBe(1)
    expect(ws.records.list()[0]?.name).toBe('unnamed run')
  })

  it('ends with FinishedSuccessfully false for a malformed workbook, and changes nothing', async () => {
    const path = join(ws.dir, 'broken.xlsx')
    await writeGarbage(path)
    const { result, log } = await ws.run({
      type: 'ExcelImportJob',
      files: [...templateAndData, { fileType: 'Data', virtualPath: 'broken.xlsx', diskPath: path }]
    })
    expect(result.failed).toBe(false)
    expect(result.summary).toMatchObject({
      FinishedSuccessfully: false,
      NumberOfErrors: 1,
      NumberOfRecordsCreated: 0,
      NumberOfRecordsUpdated: 0
    })
    expect(log.errors()[0]).toMatch(/^broken\.xlsx is not a readable Excel workbook/)
    expect(ws.records.count).toBe(0)
  })

  it('refuses an empty file and a text file named .xlsx', async () => {
    for (const content of ['', 'hello, I am text']) {
      const path = join(ws.dir, 'x.xlsx')
      await writeFile(path, content)
      const { result, log } = await ws.run({
        type: 'ExcelImportJob',
        files: [{ fileType: 'Combined', virtualPath: 'x.xlsx', diskPath: path }]
      })
      expect(result.summary['FinishedSuccessfully']).toBe(false)
      expect(log.errors()[0]).toMatch(/x\.xlsx is not a readable Excel workbook/)
    }
  })

  it('refuses a template without an attribute lookup sheet', async () => {
    const { result, log } = await ws.run({
      type: 'ExcelImportJob',
      files: [asset('data_file_1.xlsx', 'Template', 'data_file_1.xlsx'), asset('data_file_2.xlsx', 'Data')]
    })
    expect(result.summary).toMatchObject({ FinishedSuccessfully: false, NumberOfErrors: 1 })
    expect(log.errors()[0]).toBe(
      'data_file_1.xlsx is not an Excel import template: it has no "Attribute Lookup" sheet listing the attributes'
    )
  })

  it('refuses a data file whose worksheet or labels do not match the template', async () => {
    const renamed = join(ws.dir, 'renamed.xlsx')
    const wb1 = await loadWorkbook(asset('data_file_1.xlsx', 'Data').diskPath)
    wb1.getWorksheet('Tensile Test definition')!.name = 'Sheet1'
    await wb1.xlsx.writeFile(renamed)
    const relabelled = join(ws.dir, 'relabelled.xlsx')
    const wb2 = await loadWorkbook(asset('data_file_1.xlsx', 'Data').diskPath)
    wb2.getWorksheet('Tensile Test definition')!.getCell('B18').value = 'Hardness (HV)'
    await wb2.xlsx.writeFile(relabelled)

    const cases = [
      [
        renamed,
        'renamed.xlsx does not match the template import_template.xlsx: it has no worksheet "Tensile Test definition"'
      ],
      [
        relabelled,
        'relabelled.xlsx does not match the template import_template.xlsx: \'Tensile Test definition\'!B18 reads "Hardness (HV)" where the template has "Gauge Thickness (mm)"'
      ]
    ] as const
    for (const [path, message] of cases) {
      const { result, log } = await ws.run({
        type: 'ExcelImportJob',
        files: [
          asset('import_template.xlsx', 'Template'),
          { fileType: 'Data', virtualPath: path.split('/').pop() ?? '', diskPath: path }
        ]
      })
      expect(result.summary).toMatchObject({ FinishedSuccessfully: false, NumberOfRecordsCreated: 0 })
      expect(log.errors()).toEqual([message])
    }
  })

  it('refuses both combined and template files, or a template without data', async () => {
    const both = await ws.run({
      type: 'ExcelImportJob',
      files: [asset('combined_import_file.xlsx', 'Combined'), ...templateAndData]
    })
    expect(both.log.errors()[0]).toMatch(/either combined files, or a template and data files, not both/)
    const alone = await ws.run({ type: 'ExcelImportJob', files: [asset('import_template.xlsx', 'Template')] })
    expect(alone.log.errors()[0]).toMatch(/needs combined files, or a template and at least one data file/)
    expect(alone.result.summary['FinishedSuccessfully']).toBe(false)
  })

  it('stores attachments referenced by virtual path, matching \\ and / and case', async () => {
    const book = join(ws.dir, 'micro.xlsx')
    await writeCombinedWorkbook(book, { recordName: 'M-1', picture: 'Images\\Micro 1.png', thickness: 2.5 })
    const picture = join(ws.dir, 'upload-1')
    await writeFile(picture, 'PNG-BYTES')
    const { result, log } = await ws.run({
      type: 'ExcelImportJob',
      files: [
        { fileType: 'Combined', virtualPath: 'micro.xlsx', diskPath: book },
        { fileType: 'Attachment', virtualPath: 'images/micro 1.png', diskPath: picture }
      ]
    })
    expect(result.summary).toMatchObject({ FinishedSuccessfully: true, NumberOfRecordsCreated: 1 })
    const record = ws.records.findByName('Micrographs', 'M-1')
    expect(record?.attributes['Gauge Thickness']).toBe(2.5)
    const value = record?.attributes['Micrograph']
    expect(value).toMatchObject({ file: 'images/micro 1.png' })
    expect(log.text()).toMatch(/Attached "images\/micro 1\.png" to attribute "Micrograph" of record "M-1"/)
    expect(ws.records.tables('MI_Training')).toContain('Micrographs')
  })

  it('fails naming the attachment path that is missing from the job', async () => {
    const book = join(ws.dir, 'micro.xlsx')
    await writeCombinedWorkbook(book, { recordName: 'M-2', picture: 'images/missing.png', thickness: 1 })
    const { result, log } = await ws.run({
      type: 'ExcelImportJob',
      files: [{ fileType: 'Combined', virtualPath: 'micro.xlsx', diskPath: book }]
    })
    expect(result.summary).toMatchObject({ FinishedSuccessfully: false, NumberOfErrors: 1, NumberOfRecordsCreated: 0 })
    expect(log.errors()[0]).toBe(
      'The attachment "images/missing.png" referenced by micro.xlsx (\'Specimen\'!C3, attribute "Micrograph") is missing from the job\'s files'
    )
    expect(ws.records.count).toBe(0)
  })

  it('refuses an attachment reference that leaves the job folder', async () => {
    const book = join(ws.dir, 'micro.xlsx')
    await writeCombinedWorkbook(book, { recordName: 'M-3', picture: '..\\..\\secret.txt', thickness: 1 })
    const { log } = await ws.run({
      type: 'ExcelImportJob',
      files: [{ fileType: 'Combined', virtualPath: 'micro.xlsx', diskPath: book }]
    })
    expect(log.errors()[0]).toMatch(
      /refers to the attachment "\.\.\\\.\.\\secret\.txt", which is not a safe relative path/
    )
  })
})
