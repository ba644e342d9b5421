import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedDemoRecords, type ExportParameters, type JobFile } from '../../../../main/sandbox/processing'
import { writeCombinedWorkbook, writeGarbage, writePictureExportTemplate } from './fixtures'
import { asset, loadWorkbook, makeWorkspace, readZip, type Workspace } from './helpers'

let ws: Workspace
beforeEach(async () => {
  ws = await makeWorkspace()
})
afterEach(async () => {
  await ws.dispose()
})

const template = asset('export_template.xlsx', 'Template')
const sheetName = 'Tensile Test definition'

function params(ids: number[], overrides: Partial<ExportParameters> = {}): ExportParameters {
  return {
    databaseKey: 'MI_Training',
    records: ids.map((historyIdentity) => ({ historyIdentity, version: null })),
    templateFileName: 'export_template.xlsx',
    ...overrides
  }
}

async function importAssets(): Promise<number[]> {
  await ws.run({
    type: 'ExcelImportJob',
    files: [
      asset('import_template.xlsx', 'Template'),
      asset('data_file_1.xlsx', 'Data'),
      asset('data_file_2.xlsx', 'Data')
    ]
  })
  return ws.records.list().map((r) => r.historyIdentity)
}

describe('Excel export', () => {
  it('writes one filled workbook for one record', async () => {
    const [id] = await importAssets()
    const { result, log } = await ws.run({
      type: 'ExcelExportJob',
      jobName: 'Export S5',
      files: [template],
      exportParameters: params([id ?? 0])
    })
    expect(result).toEqual({
      summary: { ExportedRecords: 1, Errors: [] },
      outputFiles: ['Export S5.xlsx'],
      failed: false
    })
    expect(await readdir(ws.outputDir)).toEqual(['Export S5.xlsx'])
    const sheet = (await loadWorkbook(join(ws.outputDir, 'Export S5.xlsx'))).getWorksheet(sheetName)!
    expect(['C3', 'D3', 'E3', 'F3'].map((a) => sheet.getCell(a).value)).toEqual([
      'Ti003-02-S5',
      'Ti003-02-S6',
      'Ti003-02-S7',
      'Ti003-02-S8'
    ])
    expect(['C6', 'D6', 'E6', 'F6'].map((a) => sheet.getCell(a).value)).toEqual([5.51, 5.26, 5.44, 5.11])
    expect(sheet.getCell('C4').value).toBe('L')
    expect(sheet.getCell('C13').value).toBe(-321)
    // The template's formula for the gauge area is kept.
    expect(sheet.getCell('C10').formula).toMatch(/^IF\(C5="Rectangular",C6\*C7/)
    expect(log.text()).toMatch(/Exported record "Ti003-02-S5" \(history identity \d+, version 1\) to Ti003-02-S5\.xlsx/)
  })

  it('zips one workbook per record when there are several', async () => {
    const ids = await importAssets()
    const seeded = await seedDemoRecords(ws.records, { count: 2 })
    const all = [...ids, ...seeded.map((r) => r.historyIdentity)]
    const { result } = await ws.run({
      type: 'ExcelExportJob',
      jobName: 'All: four',
      files: [template],
      exportParameters: params(all)
    })
    expect(result).toEqual({
      summary: { ExportedRecords: 4, Errors: [] },
      outputFiles: ['All_ four.zip'],
      failed: false
    })
    const entries = await readZip(join(ws.outputDir, 'All_ four.zip'))
    const names = seeded.map((r) => `${r.name}.xlsx`)
    expect([...entries.keys()].sort()).toEqual(['Ti003-02-S5.xlsx', 'Ti003-02-S9.xlsx', ...names].sort())
    const s9 = (await loadWorkbook(entries.get('Ti003-02-S9.xlsx')!)).getWorksheet(sheetName)!
    expect(s9.getCell('F3').value).toBe('Ti003-02-S12')
    const demo = (await loadWorkbook(entries.get(names[0]!)!)).getWorksheet(sheetName)!
    expect(demo.getCell('C3').value).toBe(seeded[0]?.name)
    expect(demo.getCell('C6').value).toBe(seeded[0]?.attributes['Gauge Thickness'])
    expect(demo.getCell('C15').value).toBe(seeded[0]?.attributes['Test Environment'])
    expect(await readdir(ws.outputDir)).toEqual(['All_ four.zip'])
  })

  it('lists unknown record ids and missing versions in Errors and exports the rest', async () => {
    const [id] = await importAssets()
    const exportParameters: ExportParameters = {
      databaseKey: 'mi_training',
      records: [
        { historyIdentity: id ?? 0, version: null },
        { historyIdentity: 999_999_999, version: null },
        { historyIdentity: id ?? 0, version: 7 }
      ],
      templateFileName: 'export_template.xlsx'
    }
    const { result, log } = await ws.run({
      type: 'ExcelExportJob',
      jobName: 'partly',
      files: [template],
      exportParameters
    })
    expect(result.failed).toBe(false)
    expect(result.summary).toEqual({
      ExportedRecords: 1,
      Errors: [
        'Record with history identity 999999999 was not found in database MI_Training',
        `Record with history identity ${id} has no version 7 (latest is 1)`
      ]
    })
    expect(result.outputFiles).toEqual(['partly.xlsx'])
    expect(log.errors()).toHaveLength(2)
  })

  it('writes no data file when no record exists', async () => {
    const { result, log } = await ws.run({
      type: 'ExcelExportJob',
      files: [template],
      exportParameters: params([424242])
    })
    expect(result.summary).toEqual({
      ExportedRecords: 0,
      Errors: ['Record with history identity 424242 was not found in database MI_Training']
    })
    expect(result.outputFiles).toEqual([])
    expect(await readdir(ws.outputDir)).toEqual([])
    expect(log.text()).toMatch(/No records were exported/)
  })

  it('exports a given version of a record', async () => {
    const [id] = await importAssets()
    const record = ws.records.get(id ?? 0)
    ws.records.upsert({
      databaseKey: 'MI_Training',
      table: 'Tensile Test Data',
      name: record?.name ?? '',
      attributes: { 'Specimen Orientation': 'LT' }
    })
    const v1 = await ws.run({
      type: 'ExcelExportJob',
      jobName: 'v1',
      files: [template],
      exportParameters: { ...params([]), records: [{ historyIdentity: id ?? 0, version: 1 }] }
    })
    const oldSheet = (await loadWorkbook(join(ws.outputDir, 'v1.xlsx'))).getWorksheet(sheetName)!
    const latest = await ws.run({
      type: 'ExcelExportJob',
      jobName: 'latest',
      files: [template],
      exportParameters: params([id ?? 0])
    })
    const newSheet = (await loadWorkbook(join(ws.outputDir, 'latest.xlsx'))).getWorksheet(sheetName)!
    expect(v1.result.summary['ExportedRecords']).toBe(1)
    expect(latest.result.summary['ExportedRecords']).toBe(1)
    expect(oldSheet.getCell('C4').value).toBe('L')
    expect(oldSheet.getCell('C6').value).toBe(5.51)
    expect(newSheet.getCell('C4').value).toBe('LT')
    expect(newSheet.getCell('C6').value).toBeNull()
    expect(newSheet.getCell('C3').value).toBe('Ti003-02-S5')
  })

  it('fails the job for an unknown database key', async () => {
    const [id] = await importAssets()
    const { result, log } = await ws.run({
      type: 'ExcelExportJob',
      files: [template],
      exportParameters: params([id ?? 0], { databaseKey: 'MI_Unknown' })
    })
    expect(result).toEqual({
      summary: { ExportedRecords: 0, Errors: ['Database "MI_Unknown" does not exist (databases: MI_Training)'] },
      outputFiles: [],
      failed: true
    })
    expect(log.errors()).toEqual(['Database "MI_Unknown" does not exist (databases: MI_Training)'])
    expect(await readdir(ws.outputDir)).toEqual([])
  })

  it('fails the job for a malformed or non-matching template, or none', async () => {
    const [id] = await importAssets()
    const garbage = join(ws.dir, 'garbage.xlsx')
    await writeGarbage(garbage)
    const cases: [JobFile[], RegExp][] = [
      [
        [{ fileType: 'Template', virtualPath: 'export_template.xlsx', diskPath: garbage }],
        /export_template\.xlsx is not a readable Excel workbook/
      ],
      [
        [asset('data_file_1.xlsx', 'Template', 'export_template.xlsx')],
        /is not an Excel export template: it has no "Export Lookup" sheet/
      ],
      [[], /The export template "export_template\.xlsx" is missing from the job's files/]
    ]
    for (const [files, message] of cases) {
      const { result, log } = await ws.run({ type: 'ExcelExportJob', files, exportParameters: params([id ?? 0]) })
      expect(result.failed).toBe(true)
      expect(result.summary['ExportedRecords']).toBe(0)
      expect(log.errors()[0]).toMatch(message)
      expect(await readdir(ws.outputDir)).toEqual([])
    }
  })

  it('zips attachments with the workbook, at their virtual paths', async () => {
    const book = join(ws.dir, 'micro.xlsx')
    await writeCombinedWorkbook(book, {
      recordName: 'M-1',
      picture: 'images\\m1.png',
      thickness: 2.5,
      table: 'Tensile Test Data'
    })
    const picture = join(ws.dir, 'upload')
    await writeFile(picture, 'PNG-BYTES')
    await ws.run({
      type: 'ExcelImportJob',
      files: [
        { fileType: 'Combined', virtualPath: 'micro.xlsx', diskPath: book },
        { fileType: 'Attachment', virtualPath: 'images/m1.png', diskPath: picture }
      ]
    })
    const id = ws.records.findByName('Tensile Test Data', 'M-1')?.historyIdentity ?? 0
    const exportTemplate = join(ws.dir, 'pictures.xlsx')
    await writePictureExportTemplate(exportTemplate)
    const { result } = await ws.run({
      type: 'ExcelExportJob',
      jobName: 'with pictures',
      files: [{ fileType: 'Template', virtualPath: 'pictures.xlsx', diskPath: exportTemplate }],
      exportParameters: params([id], { templateFileName: 'pictures.xlsx' })
    })
    expect(result).toEqual({
      summary: { ExportedRecords: 1, Errors: [] },
      outputFiles: ['with pictures.zip'],
      failed: false
    })
    const entries = await readZip(join(ws.outputDir, 'with pictures.zip'))
    expect([...entries.keys()].sort()).toEqual(['M-1.xlsx', 'images/m1.png'])
    expect(entries.get('images/m1.png')?.toString()).toBe('PNG-BYTES')
    const sheet = (await loadWorkbook(entries.get('M-1.xlsx')!)).getWorksheet('Specimen')!
    expect([sheet.getCell('C2').value, sheet.getCell('C3').value, sheet.getCell('C4').value]).toEqual([
      'M-1',
      'images/m1.png',
      2.5
    ])
  })

  it('stops without output when cancelled', async () => {
    const ids = await importAssets()
    const controller = new AbortController()
    controller.abort()
    const { result, log } = await ws.run({
      type: 'ExcelExportJob',
      files: [template],
      exportParameters: params(ids),
      signal: controller.signal
    })
    expect(result.failed).toBe(true)
    expect(log.errors()).toEqual(['The job was stopped before it finished'])
    expect(await readdir(ws.outputDir)).toEqual([])
  })
})
