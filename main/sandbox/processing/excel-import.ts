import type ExcelJS from 'exceljs'
import { address, cellText, readWorkbook, sameLabel, scalarOf } from './excel-cells'
import { readExcelTemplate, type AttributeMapping, type ExcelTemplate } from './excel-template'
import { commitRecords, type PreparedRecord, type PreparedValue } from './import-commit'
import { displayName, fileStem, findByVirtualPath } from './input-files'
import { DEFAULT_DATABASE, DEFAULT_TABLE, type ScalarValue } from './record-store'
import type { ImportJobContext } from './text-import'
import { JobFailure, type JobFile } from './types'
import { isSafeRelativePath } from './virtual-paths'

/** Data types whose cell holds the virtual path of an attached file. */
const fileDataTypes = new Set(['FILE', 'PICT'])
/** How far right to look for specimen columns. */
const MAX_SPECIMENS = 200

/**
 * Excel import: combined workbooks (template and data in one), or a template plus data workbooks.
 * Each data or combined workbook becomes one record; a name that exists already is updated.
 */
export async function runExcelImport(ctx: ImportJobContext): Promise<void> {
  const { files, log } = ctx
  const combined = files.filter((f) => f.fileType === 'Combined')
  const templates = files.filter((f) => f.fileType === 'Template')
  const dataFiles = files.filter((f) => f.fileType === 'Data')

  const work: { data: JobFile; template: ExcelTemplate; workbook: ExcelJS.Workbook }[] = []
  if (combined.length > 0) {
    if (templates.length > 0 || dataFiles.length > 0) {
      throw new JobFailure('An Excel import takes either combined files, or a template and data files, not both')
    }
    for (const file of combined) {
      ctx.signal?.throwIfAborted()
      const workbook = await readWorkbook(file.diskPath, displayName(file))
      const template = readExcelTemplate(workbook, displayName(file), 'import')
      log.info(`Read combined file ${displayName(file)}: ${template.mappings.length} attribute mappings`)
      work.push({ data: file, template, workbook })
    }
  } else {
    const templateFile = templates[0]
    if (!templateFile || dataFiles.length === 0) {
      throw new JobFailure('An Excel import needs combined files, or a template and at least one data file')
    }
    if (templates.length > 1) throw new JobFailure('An Excel import takes exactly one template file')
    const template = readExcelTemplate(
      await readWorkbook(templateFile.diskPath, displayName(templateFile)),
      displayName(templateFile),
      'import'
    )
    log.info(`Read template ${displayName(templateFile)}: ${template.mappings.length} attribute mappings`)
    for (const file of dataFiles) {
      ctx.signal?.throwIfAborted()
      work.push({ data: file, template, workbook: await readWorkbook(file.diskPath, displayName(file)) })
    }
  }

  const prepared: PreparedRecord[] = []
  for (const item of work) {
    ctx.counts.tasks += 1
    const record = readRecord(item.workbook, item.template, item.data, files, ctx)
    log.info(
      `Read ${displayName(item.data)}: record "${record.name}" with ${Object.keys(record.attributes).length} attribute values`
    )
    prepared.push(record)
  }
  ctx.signal?.throwIfAborted()
  await commitRecords(ctx.records, prepared, log, ctx.jobName, ctx.counts)
}

function readRecord(
  workbook: ExcelJS.Workbook,
  template: ExcelTemplate,
  data: JobFile,
  jobFiles: JobFile[],
  ctx: ImportJobContext
): PreparedRecord {
  const dataName = displayName(data)
  const databaseKey = ctx.records.resolveDatabase(template.databaseKey ?? DEFAULT_DATABASE)
  if (databaseKey === undefined) {
    throw new JobFailure(
      `${template.fileName} places records in database "${template.databaseKey}", which does not exist ` +
        `(databases: ${ctx.records.databases().join(', ')})`
    )
  }
  const sheetOf = (m: AttributeMapping): ExcelJS.Worksheet => {
    const sheet = workbook.getWorksheet(m.cell.sheet)
    if (!sheet) {
      throw new JobFailure(
        `${dataName} does not match the template ${template.fileName}: it has no worksheet "${m.cell.sheet}"`
      )
    }
    return sheet
  }
  // As Granta MI does, a row the data file leaves out (no label where the template has one) leaves its attribute
  // unset; a label that is there but different means the file is not laid out like the template.
  const present: AttributeMapping[] = []
  for (const m of template.mappings) {
    if (m.label === undefined) {
      present.push(m)
      continue
    }
    const found = cellText(sheetOf(m).getCell(m.cell.row, m.cell.column - 1).value).trim()
    if (found === '') {
      if (m.imported && m.dataType !== 'RCN')
        ctx.log.warn(
          `${dataName} has no row for "${m.attribute}" (${address(m.cell, -1)} is empty where the template has ` +
            `"${m.label}"): the attribute is left unset`
        )
      continue
    }
    if (!sameLabel(found, m.label)) {
      throw new JobFailure(
        `${dataName} does not match the template ${template.fileName}: ${address(m.cell, -1)} reads ` +
          `"${found}" where the template has "${m.label}"`
      )
    }
    present.push(m)
  }

  const specimens = specimenCount(present.filter((m) => m.perSpecimen).map((m) => ({ m, sheet: sheetOf(m) })))
  let name: string | undefined
  const attributes: Record<string, PreparedValue> = {}
  const units: Record<string, string> = {}
  for (const m of present) {
    const sheet = sheetOf(m)
    const first = scalarOf(sheet.getCell(m.cell.row, m.cell.column).value)
    if (m.dataType === 'RCN') {
      if (name === undefined && first !== null) name = String(first).trim()
      continue
    }
    if (!m.imported) continue
    if (fileDataTypes.has(m.dataType)) {
      if (first === null) {
        ctx.log.warn(`${dataName} names no file for "${m.attribute}" (${address(m.cell)}): the attribute is left unset`)
        continue
      }
      attributes[m.attribute] = { attachment: attachmentFor(String(first).trim(), m, dataName, jobFiles) }
      continue
    }
    const value: PreparedValue = m.perSpecimen
      ? Array.from({ length: specimens }, (_, i) => scalarOf(sheet.getCell(m.cell.row, m.cell.column + i).value))
      : first
    if (value === null || (Array.isArray(value) && value.every((v) => v === null))) continue
    attributes[m.attribute] = value
    if (m.unit !== undefined) units[m.attribute] = m.unit
  }
  if (name === undefined || name === '') {
    name = fileStem(data.virtualPath)
    ctx.log.info(`${dataName} has no record name in its record-name cell; using the file name "${name}"`)
  }
  return {
    databaseKey,
    table: template.table ?? DEFAULT_TABLE,
    name,
    attributes,
    units,
    origin: dataName
  }
}

/** Columns used by specimens: the furthest non-empty cell to the right of any per-specimen mapping. */
function specimenCount(rows: { m: AttributeMapping; sheet: ExcelJS.Worksheet }[]): number {
  let count = 1
  for (const { m, sheet } of rows) {
    const last = Math.min(sheet.columnCount, m.cell.column + MAX_SPECIMENS - 1)
    for (let column = last; column >= m.cell.column; column--) {
      const value: ScalarValue = scalarOf(sheet.getCell(m.cell.row, column).value)
      if (value !== null) {
        count = Math.max(count, column - m.cell.column + 1)
        break
      }
    }
  }
  return count
}

function attachmentFor(virtualPath: string, m: AttributeMapping, dataName: string, jobFiles: JobFile[]): JobFile {
  const where = `${dataName} (${address(m.cell)}, attribute "${m.attribute}")`
  if (!isSafeRelativePath(virtualPath)) {
    throw new JobFailure(`${where} refers to the attachment "${virtualPath}", which is not a safe relative path`)
  }
  const file = findByVirtualPath(jobFiles, virtualPath)
  if (!file)
    throw new JobFailure(`The attachment "${virtualPath}" referenced by ${where} is missing from the job's files`)
  return file
}
