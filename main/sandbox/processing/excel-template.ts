import type ExcelJS from 'exceljs'
import { cellText, parseCellReference, resolveDefinedName, type CellRef } from './excel-cells'
import { JobFailure } from './types'

/** One row of a template's lookup sheet: which cell holds which attribute. */
export interface AttributeMapping {
  attribute: string
  /** Granta data type code: RCN (record name), STXT, LTXT, DCT, PNT, LOGI, FILE, PICT, ... */
  dataType: string
  unit: string | undefined
  cell: CellRef
  /** Specimen "COLUMN": one value per specimen column, starting at `cell`. */
  perSpecimen: boolean
  /** The lookup's Import column; false means the importer skips it. */
  imported: boolean
  /** The text left of the cell in the template (e.g. "Specimen ID"), used to check data files. */
  label: string | undefined
}

export interface ExcelTemplate {
  fileName: string
  mappings: AttributeMapping[]
  databaseKey: string | undefined
  table: string | undefined
}

const lookupSheetNames = { import: ['Attribute Lookup'], export: ['Export Lookup', 'Attribute Lookup'] }

/**
 * Reads the lookup sheet of a Granta MI Excel template ("Attribute Lookup" for imports, "Export
 * Lookup" for exports) and resolves each attribute's Data Range (a defined name) to a cell.
 */
export function readExcelTemplate(
  workbook: ExcelJS.Workbook,
  fileName: string,
  kind: 'import' | 'export'
): ExcelTemplate {
  const lookup = findLookupSheet(workbook, kind)
  if (!lookup) {
    throw new JobFailure(
      `${fileName} is not an Excel ${kind} template: it has no "${lookupSheetNames[kind][0]}" sheet listing the attributes`
    )
  }
  const header = lookup.getRow(1)
  const columns = new Map<string, number>()
  header.eachCell((cell, col) => columns.set(cellText(cell.value).trim().toLowerCase(), col))
  const col = (name: string): number | undefined => columns.get(name)
  const nameCol = col('attribute name')
  const rangeCol = col('data range')
  if (nameCol === undefined || rangeCol === undefined) {
    throw new JobFailure(`${fileName}: the "${lookup.name}" sheet has no "Attribute Name" and "Data Range" columns`)
  }

  const mappings: AttributeMapping[] = []
  for (let row = 2; row <= lookup.rowCount; row++) {
    const r = lookup.getRow(row)
    const text = (c: number | undefined): string => (c === undefined ? '' : cellText(r.getCell(c).value).trim())
    const attribute = text(nameCol)
    const range = text(rangeCol)
    if (attribute === '' || range === '') continue
    const cell = resolveDefinedName(workbook, range) ?? parseCellReference(range)
    if (!cell) {
      throw new JobFailure(
        `${fileName}: attribute "${attribute}" refers to "${range}", which the workbook does not define`
      )
    }
    const sheet = workbook.getWorksheet(cell.sheet)
    if (!sheet) {
      throw new JobFailure(
        `${fileName}: attribute "${attribute}" refers to worksheet "${cell.sheet}", which the workbook does not have`
      )
    }
    const label = cell.column > 1 ? cellText(sheet.getCell(cell.row, cell.column - 1).value).trim() : ''
    const importValue = col('import') === undefined ? undefined : r.getCell(col('import') ?? 0).value
    mappings.push({
      attribute,
      dataType: text(col('datatype')).toUpperCase(),
      unit: text(col('units')) || undefined,
      cell,
      perSpecimen: text(col('specimen')).toUpperCase() === 'COLUMN',
      imported: !(importValue === false || (typeof importValue === 'string' && importValue.toLowerCase() === 'false')),
      label: label === '' ? undefined : label
    })
  }
  if (mappings.length === 0) throw new JobFailure(`${fileName}: the "${lookup.name}" sheet maps no attributes`)

  return {
    fileName,
    mappings,
    databaseKey: definedText(workbook, 'CES_EXPORT_PLACEMENTDBKEY'),
    table: definedText(workbook, 'CES_EXPORT_PLACEMENTTABLE')
  }
}

function findLookupSheet(workbook: ExcelJS.Workbook, kind: 'import' | 'export'): ExcelJS.Worksheet | undefined {
  for (const name of lookupSheetNames[kind]) {
    const sheet = workbook.worksheets.find((s) => s.name.trim().toLowerCase() === name.toLowerCase())
    if (sheet) return sheet
  }
  return workbook.worksheets.find((s) => {
    const first = s.getRow(1)
    let hasName = false
    let hasRange = false
    first.eachCell((c) => {
      const t = cellText(c.value).trim().toLowerCase()
      hasName ||= t === 'attribute name'
      hasRange ||= t === 'data range'
    })
    return hasName && hasRange
  })
}

function definedText(workbook: ExcelJS.Workbook, name: string): string | undefined {
  const ref = resolveDefinedName(workbook, name)
  if (!ref) return undefined
  const text = cellText(workbook.getWorksheet(ref.sheet)?.getCell(ref.row, ref.column).value ?? null).trim()
  return text === '' ? undefined : text
}
