import { extname } from 'node:path'
import { commitRecords, typedText, type ImportCounts, type PreparedRecord, type PreparedValue } from './import-commit'
import { displayName, fileStem, readJobFile } from './input-files'
import { DEFAULT_DATABASE, DEFAULT_TABLE, type RecordStore } from './record-store'
import { parseTextTemplate, type TextReader, type TextTemplate } from './text-template'
import { JobFailure, type JobFile, type JobLog } from './types'

export interface ImportJobContext {
  jobName: string
  files: JobFile[]
  records: RecordStore
  log: JobLog
  signal?: AbortSignal
  counts: ImportCounts & { tasks: number }
}

/**
 * Text import: the XML template's regular-expression readers pull values out of each data file,
 * which its specimen delimiter splits into specimens; each specimen becomes one record.
 */
export async function runTextImport(ctx: ImportJobContext): Promise<void> {
  const { files, log } = ctx
  const templates = files.filter((f) => f.fileType === 'Template')
  const dataFiles = files.filter((f) => f.fileType === 'Data')
  const templateFile = templates[0]
  if (!templateFile) throw new JobFailure('A text import needs a template file (XML), and the job has none')
  if (templates.length > 1) throw new JobFailure('A text import takes exactly one template file')
  if (dataFiles.length === 0) throw new JobFailure('A text import needs at least one data file, and the job has none')

  const template = parseTextTemplate(await readJobFile(templateFile), displayName(templateFile))
  log.info(
    `Read template ${displayName(templateFile)} ("${template.name}"): ${template.readers.length} text readers, ` +
      `encoding ${template.encoding}`
  )
  const databaseKey = ctx.records.resolveDatabase(template.databaseKey ?? DEFAULT_DATABASE)
  if (databaseKey === undefined) {
    throw new JobFailure(
      `The template places records in database "${template.databaseKey}", which does not exist ` +
        `(databases: ${ctx.records.databases().join(', ')})`
    )
  }
  const table = template.table ?? DEFAULT_TABLE

  const prepared: PreparedRecord[] = []
  for (const file of dataFiles) {
    ctx.signal?.throwIfAborted()
    ctx.counts.tasks += 1
    const text = decodeText(await readJobFile(file), template.encoding, log)
    const specimens = readSpecimens(text, template, file)
    if (specimens.length === 0) {
      throw new JobFailure(
        `${displayName(file)} does not match the template ${displayName(templateFile)}: none of its text readers found a value`
      )
    }
    log.info(`Read ${displayName(file)}: ${specimens.length} specimen${specimens.length === 1 ? '' : 's'}`)
    specimens.forEach((values, index) => {
      prepared.push({
        databaseKey,
        table,
        name: recordName(values, template, file, index),
        attributes: values,
        units: unitsOf(template.readers, values),
        origin: `${displayName(file)}, specimen ${index + 1}`
      })
    })
  }
  ctx.signal?.throwIfAborted()
  await commitRecords(ctx.records, prepared, log, ctx.jobName, ctx.counts)
}

/** Splits at each delimiter match (the match starts the next specimen) and applies the readers. */
function readSpecimens(text: string, template: TextTemplate, file: JobFile): Record<string, PreparedValue>[] {
  const textFile = chooseTextFile(template, file)
  const readers = template.readers.filter(
    (r) =>
      r.fileCode === undefined || textFile === undefined || r.fileCode === textFile.code || template.files.length === 1
  )
  const chunks = splitSpecimens(text, textFile?.specimenDelimiter)
  const specimens: Record<string, PreparedValue>[] = []
  for (const chunk of chunks) {
    const values: Record<string, PreparedValue> = {}
    for (const reader of readers) {
      const found = [...chunk.matchAll(reader.expression)]
        .map((m) => m.groups?.['ITEM1']?.trim() ?? '')
        .filter((v) => v !== '')
      if (found.length === 0) continue
      const typed = (reader.multiple ? found : found.slice(0, 1)).map(typedText)
      values[reader.attribute] = typed.length === 1 ? (typed[0] ?? null) : typed
    }
    if (Object.keys(values).length > 0) specimens.push(values)
  }
  return specimens
}

function splitSpecimens(text: string, delimiter: RegExp | undefined): string[] {
  if (!delimiter) return [text]
  const starts = [0]
  for (const match of text.matchAll(delimiter)) {
    if (match[0] === '') continue
    if (match.index > 0) starts.push(match.index)
  }
  return starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length))
}

function chooseTextFile(template: TextTemplate, file: JobFile): TextTemplate['files'][number] | undefined {
  const ext = extname(file.virtualPath).replace(/^\./, '').toLowerCase()
  const byExtension = template.files.find((f) => f.extension.replace(/^\./, '').toLowerCase() === ext && ext !== '')
  return byExtension ?? template.files.find((f) => f.extension === '') ?? template.files[0]
}

function recordName(
  values: Record<string, PreparedValue>,
  template: TextTemplate,
  file: JobFile,
  index: number
): string {
  const parts = template.recordNameItems
    .map((item) => values[item])
    .map((v) => (Array.isArray(v) ? v[0] : v))
    .filter(
      (v): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    )
    .map(String)
  return parts.length > 0 ? parts.join(' ') : `${fileStem(file.virtualPath)} ${index + 1}`
}

function unitsOf(readers: TextReader[], values: Record<string, PreparedValue>): Record<string, string> {
  const units: Record<string, string> = {}
  for (const r of readers) if (r.unit !== undefined && r.attribute in values) units[r.attribute] = r.unit
  return units
}

function decodeText(bytes: Buffer, encoding: string, log: JobLog): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes)
  try {
    return new TextDecoder(encoding).decode(bytes)
  } catch {
    log.warn(`The template's encoding "${encoding}" is not supported here; reading the data as UTF-8`)
    return new TextDecoder('utf-8').decode(bytes)
  }
}
