import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JobFile } from '../../../../main/sandbox/processing'
import { writeCombinedWorkbook } from './fixtures'
import { asset, loadWorkbook, makeWorkspace, type Workspace } from './helpers'

let ws: Workspace
beforeEach(async () => {
  ws = await makeWorkspace()
})
afterEach(async () => {
  await ws.dispose()
})

const sheet = 'Tensile Test definition'
/** Gauge Thickness: label in B18, one value per specimen from C18. */
const leftOutRow = 18

/** A copy of an asset workbook with the Gauge Thickness row left out (label and values empty). */
async function withoutThickness(name: string, fileType: JobFile['fileType']): Promise<JobFile> {
  const wb = await loadWorkbook(asset(name, fileType).diskPath)
  const row = wb.getWorksheet(sheet)!.getRow(leftOutRow)
  row.eachCell({ includeEmpty: true }, (cell, column) => {
    if (column >= 2) cell.value = null
  })
  const virtualPath = `no-thickness-${name}`
  const diskPath = join(ws.dir, virtualPath)
  await wb.xlsx.writeFile(diskPath)
  return { fileType, virtualPath, diskPath }
}

const dataAssets = ['data_file_1.xlsx', 'data_file_2.xlsx', 'combined_import_file.xlsx'] as const
const names: Record<(typeof dataAssets)[number], string> = {
  'data_file_1.xlsx': 'Ti003-02-S5',
  'data_file_2.xlsx': 'Ti003-02-S9',
  'combined_import_file.xlsx': 'Ti003-02-S1'
}

describe('Excel import of data files that leave out a mapped row', () => {
  // The asset template with each asset data file, and the combined asset alone; each whole or with a row left out.
  const pairs = [
    ...dataAssets.map((data) => ({ data, mode: 'template' as const })),
    { data: 'combined_import_file.xlsx' as const, mode: 'combined' as const }
  ]
  const cases = pairs.flatMap((p) => (['whole', 'left out'] as const).map((variant) => ({ ...p, variant })))
  it.each(cases)('$mode + $data ($variant) imports the rest', async ({ data, variant, mode }) => {
    const fileType = mode === 'combined' ? 'Combined' : 'Data'
    const dataFile = variant === 'whole' ? asset(data, fileType) : await withoutThickness(data, fileType)
    const files = mode === 'combined' ? [dataFile] : [asset('import_template.xlsx', 'Template'), dataFile]
    const { result, log } = await ws.run({ type: 'ExcelImportJob', files })
    expect(log.errors()).toEqual([])
    expect(result.summary).toMatchObject({ FinishedSuccessfully: true, NumberOfRecordsCreated: 1, NumberOfErrors: 0 })
    const [record] = ws.records.list()
    expect(record?.name).toBe(names[data])
    expect(record?.attributes['Alloy']).toBe('Ti-6Al-4V')
    const warned = log.lines.filter((l) => l.level === 'WARN' && l.msg.includes('"Gauge Thickness"'))
    if (variant === 'whole') {
      expect(record?.attributes['Gauge Thickness']).toHaveLength(4)
      expect(warned).toEqual([])
    } else if (mode === 'combined') {
      // A combined file is its own template: the row is gone from both, so nothing is mapped there to miss.
      expect(record?.attributes).not.toHaveProperty('Gauge Thickness')
      expect(warned).toEqual([])
    } else {
      expect(record?.attributes).not.toHaveProperty('Gauge Thickness')
      expect(warned.map((l) => l.msg)).toEqual([
        `${dataFile.virtualPath} has no row for "Gauge Thickness" ('${sheet}'!B18 is empty where the template has "Gauge Thickness (mm)"): the attribute is left unset`
      ])
    }
  })

  it('a template that maps an attachment, and a data file with no attachment row, creates one record', async () => {
    const template = join(ws.dir, 'picture-template.xlsx')
    await writeCombinedWorkbook(template, { recordName: null, picture: null, thickness: 0 })
    const wb = new ExcelJS.Workbook()
    const data = wb.addWorksheet('Specimen')
    data.getCell('B2').value = 'Specimen ID'
    data.getCell('C2').value = 'S-1'
    data.getCell('B4').value = 'Gauge Thickness (mm)'
    data.getCell('C4').value = 5.5
    const dataPath = join(ws.dir, 'no-picture.xlsx')
    await wb.xlsx.writeFile(dataPath)
    const { result, log } = await ws.run({
      type: 'ExcelImportJob',
      files: [
        { fileType: 'Template', virtualPath: 'picture-template.xlsx', diskPath: template },
        { fileType: 'Data', virtualPath: 'no-picture.xlsx', diskPath: dataPath }
      ]
    })
    expect(log.errors()).toEqual([])
    expect(result.summary).toMatchObject({ FinishedSuccessfully: true, NumberOfRecordsCreated: 1 })
    const [record] = ws.records.list()
    expect(record?.name).toBe('S-1')
    expect(record?.attributes).toEqual({ 'Gauge Thickness': 5.5 })
    expect(log.lines.filter((l) => l.level === 'WARN').map((l) => l.msg)).toEqual([
      `no-picture.xlsx has no row for "Micrograph" ('Specimen'!B3 is empty where the template has "Micrograph"): the attribute is left unset`
    ])
  })

  it('a label that is there but different still fails', async () => {
    const wb = await loadWorkbook(asset('data_file_1.xlsx', 'Data').diskPath)
    wb.getWorksheet(sheet)!.getCell(`B${leftOutRow}`).value = 'Hardness (HV)'
    const path = join(ws.dir, 'relabelled.xlsx')
    await wb.xlsx.writeFile(path)
    const { result, log } = await ws.run({
      type: 'ExcelImportJob',
      files: [
        asset('import_template.xlsx', 'Template'),
        { fileType: 'Data', virtualPath: 'relabelled.xlsx', diskPath: path }
      ]
    })
    expect(result.summary).toMatchObject({ FinishedSuccessfully: false, NumberOfRecordsCreated: 0 })
    expect(log.errors()[0]).toMatch(/B18 reads "Hardness \(HV\)" where the template has "Gauge Thickness \(mm\)"/)
  })
})
