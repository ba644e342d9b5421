import { writeFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'

/**
 * Builds a small combined import workbook in the layout of the asset templates: a data sheet,
 * an "Attribute Lookup" sheet and defined names, with a picture attribute that names an attachment.
 */
export async function writeCombinedWorkbook(
  path: string,
  values: { recordName: string | null; picture: string | null; thickness: number; table?: string }
): Promise<void> {
  const wb = new ExcelJS.Workbook()
  const data = wb.addWorksheet('Specimen')
  data.getCell('B2').value = 'Specimen ID'
  data.getCell('C2').value = values.recordName
  data.getCell('B3').value = 'Micrograph'
  data.getCell('C3').value = values.picture
  data.getCell('B4').value = 'Gauge Thickness (mm)'
  data.getCell('C4').value = values.thickness
  const lookup = wb.addWorksheet('Attribute Lookup')
  lookup.addRow([
    'Attribute Name',
    'DataType',
    'Units',
    'Parent Attribute',
    'Worksheet',
    'Specimen',
    'Data Range',
    'Quality Range',
    'Import'
  ])
  lookup.addRow(['Record Name', 'RCN', null, null, 'Specimen', null, 'MI_RECORDNAME'])
  lookup.addRow(['Micrograph', 'PICT', null, null, 'Specimen', null, 'MI_MICROGRAPH'])
  lookup.addRow(['Gauge Thickness', 'PNT', 'mm', null, 'Specimen', null, 'MI_GAUGE_THICKNESS'])
  const options = wb.addWorksheet('Import Options')
  options.getCell('B3').value = 'DB Key'
  options.getCell('C3').value = 'MI_Training'
  options.getCell('B4').value = 'Table'
  options.getCell('C4').value = values.table ?? 'Micrographs'
  wb.definedNames.add("'Specimen'!$C$2", 'MI_RECORDNAME')
  wb.definedNames.add("'Specimen'!$C$3", 'MI_MICROGRAPH')
  wb.definedNames.add("'Specimen'!$C$4", 'MI_GAUGE_THICKNESS')
  wb.definedNames.add("'Import Options'!$C$3", 'CES_EXPORT_PLACEMENTDBKEY')
  wb.definedNames.add("'Import Options'!$C$4", 'CES_EXPORT_PLACEMENTTABLE')
  await wb.xlsx.writeFile(path)
}

/** An export template in the same layout, with an "Export Lookup" sheet. */
export async function writePictureExportTemplate(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook()
  const data = wb.addWorksheet('Specimen')
  data.getCell('B2').value = 'Specimen ID'
  data.getCell('B3').value = 'Micrograph'
  data.getCell('B4').value = 'Gauge Thickness (mm)'
  const lookup = wb.addWorksheet('Export Lookup')
  lookup.addRow(['Attribute Name', 'DataType', 'Units', 'Parent Attribute', 'Worksheet', 'Specimen', 'Data Range'])
  lookup.addRow(['Record Name', 'RCN', null, null, 'Specimen', null, 'MI_RECORDNAME'])
  lookup.addRow(['Micrograph', 'PICT', null, null, 'Specimen', null, 'MI_MICROGRAPH'])
  lookup.addRow(['Gauge Thickness', 'PNT', 'mm', null, 'Specimen', null, 'MI_GAUGE_THICKNESS'])
  wb.definedNames.add("'Specimen'!$C$2", 'MI_RECORDNAME')
  wb.definedNames.add("'Specimen'!$C$3", 'MI_MICROGRAPH')
  wb.definedNames.add("'Specimen'!$C$4", 'MI_GAUGE_THICKNESS')
  await wb.xlsx.writeFile(path)
}

export async function writeGarbage(path: string): Promise<void> {
  await writeFile(
    path,
    Buffer.from('PK\u0003\u0004 this is not really a workbook \u0000\u0001\u0002'.repeat(20), 'binary')
  )
}
