import { rename, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type ExcelJS from 'exceljs'
import { isFormulaCell, readWorkbook } from './excel-cells'
import { readExcelTemplate, type AttributeMapping } from './excel-template'
import { displayName } from './input-files'
import { makeScratchDir, removeScratchDir, uniqueName, writeWorkbook, writeZip } from './output-files'
import type { AttributeValue, FileValue, RecordStore, RecordView, ScalarValue } from './record-store'
import { JobFailure, type ExportParameters, type JobFile, type JobLog } from './types'
import { normalizeVirtualPath, safeFileName, virtualPathKey } from './virtual-paths'

export interface ExportJobContext {
  jobName: string
  files: JobFile[]
  parameters: ExportParameters | undefined
  outputDir: string
  records: RecordStore
  log: JobLog
  signal?: AbortSignal
}

export interface ExportOutcome {
  exported: number
  errors: string[]
  outputFiles: string[]
}

/**
 * Excel export: one copy of the template per requested record, filled with its values. One
 * workbook is the output as it is; several, or any attachments, go into one zip.
 */
export async function runExcelExport(ctx: ExportJobContext): Promise<ExportOutcome> {
  const { parameters: params, log, records } = ctx
  if (!params) throw new JobFailure('The export job has no parameters (database key, records and template)')
  const databaseKey = records.resolveDatabase(params.databaseKey)
  if (databaseKey === undefined) {
    throw new JobFailure(
      `Database "${params.databaseKey}" does not exist (databases: ${records.databases().join(', ') || 'none'})`
    )
  }
  const templateFile =
    ctx.files.find((f) => f.fileType === 'Template') ??
    ctx.files.find((f) => virtualPathKey(f.virtualPath) === virtualPathKey(params.templateFileName))
  if (!templateFile)
    throw new JobFailure(`The export template "${params.templateFileName}" is missing from the job's files`)
  const templateName = displayName(templateFile)
  const template = readExcelTemplate(await readWorkbook(templateFile.diskPath, templateName), templateName, 'export')
  log.info(`Read template ${templateName}: ${template.mappings.length} attribute mappings`)

  const errors: string[] = []
  const found: RecordView[] = []
  for (const wanted of params.records) {
    const record = records.get(wanted.historyIdentity, wanted.version, databaseKey)
    if (record) {
      found.push(record)
      continue
    }
    const message = missingRecordMessage(records, databaseKey, wanted.historyIdentity, wanted.version)
    errors.push(message)
    log.error(message)
  }

  const scratch = await makeScratchDir(ctx.outputDir)
  try {
    const workbooks: { name: string; diskPath: string }[] = []
    const attachments = new Map<string, { name: string; diskPath: string }>()
    const takenNames = new Set<string>()
    for (const record of found) {
      ctx.signal?.throwIfAborted()
      const workbook = await readWorkbook(templateFile.diskPath, templateName)
      const files = fillWorkbook(workbook, template.mappings, record)
      const name = uniqueName(`${safeFileName(record.name, `record ${record.historyIdentity}`)}.xlsx`, takenNames)
      const diskPath = join(scratch, `${workbooks.length}.xlsx`)
      await writeWorkbook(workbook, diskPath)
      workbooks.push({ name, diskPath })
      for (const file of files) {
        const entry = normalizeVirtualPath(file.file)
        const diskPath = records.attachmentPath(file)
        if (await exists(diskPath)) {
          attachments.set(entry.toLowerCase(), { name: entry, diskPath })
        } else {
          const message = `The attachment "${file.file}" of record "${record.name}" is missing from the record store`
          errors.push(message)
          log.error(message)
        }
      }
      log.info(
        `Exported record "${record.name}" (history identity ${record.historyIdentity}, version ${record.version}) to ${name}`
      )
    }

    const outputFiles: string[] = []
    const stem = safeFileName(ctx.jobName, 'export')
    const only = workbooks[0]
    if (workbooks.length === 1 && attachments.size === 0 && only) {
      const name = `${stem}.xlsx`
      await rename(only.diskPath, join(ctx.outputDir, name))
      outputFiles.push(name)
    } else if (workbooks.length > 0) {
      const name = `${stem}.zip`
      const entryNames = new Set(workbooks.map((w) => w.name.toLowerCase()))
      const attachmentEntries = [...attachments.values()].map((a) => ({ ...a, name: uniqueName(a.name, entryNames) }))
      await writeZip(join(ctx.outputDir, name), [...workbooks, ...attachmentEntries])
      outputFiles.push(name)
      log.info(`Wrote ${name}: ${workbooks.length} workbooks and ${attachmentEntries.length} attachments`)
    } else {
      log.warn('No records were exported, so the job has no data file')
    }
    return { exported: workbooks.length, errors, outputFiles }
  } finally {
    await removeScratchDir(scratch)
  }
}

/** Writes the record's values into the template's cells; formulas in the template are kept. */
function fillWorkbook(workbook: ExcelJS.Workbook, mappings: AttributeMapping[], record: RecordView): FileValue[] {
  const attachments: FileValue[] = []
  const byName = new Map(Object.entries(record.attributes).map(([k, v]) => [k.toLowerCase(), v] as const))
  const ordered = [...mappings.filter((m) => m.dataType === 'RCN'), ...mappings.filter((m) => m.dataType !== 'RCN')]
  for (const m of ordered) {
    const sheet = workbook.getWorksheet(m.cell.sheet)
    if (!sheet) continue
    const value: AttributeValue | undefined = m.dataType === 'RCN' ? record.name : byName.get(m.attribute.toLowerCase())
    if (value === undefined || value === null) continue
    const write = (offset: number, v: ScalarValue): void => {
      const cell = sheet.getCell(m.cell.row, m.cell.column + offset)
      if (v === null || isFormulaCell(cell)) return
      cell.value = v
    }
    if (Array.isArray(value)) {
      if (m.perSpecimen) value.forEach((v, i) => write(i, v))
      else write(0, value[0] ?? null)
    } else if (typeof value === 'object') {
      write(0, value.file)
      attachments.push(value)
    } else write(0, value)
  }
  return attachments
}

function missingRecordMessage(
  records: RecordStore,
  databaseKey: string,
  historyIdentity: number,
  version: number | null
): string {
  const anywhere = records.get(historyIdentity)
  if (!anywhere) return `Record with history identity ${historyIdentity} was not found in database ${databaseKey}`
  if (anywhere.databaseKey !== databaseKey) {
    return `Record with history identity ${historyIdentity} is in database ${anywhere.databaseKey}, not ${databaseKey}`
  }
  return `Record with history identity ${historyIdentity} has no version ${version} (latest is ${anywhere.latestVersion})`
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
