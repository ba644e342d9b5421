import { CountingLog } from './counting-log'
import { runExcelExport } from './excel-export'
import { runExcelImport } from './excel-import'
import { runTextImport, type ImportJobContext } from './text-import'
import { JobFailure, type ExportSummary, type ImportSummary, type ProcessInput, type ProcessResult } from './types'

export type {
  ExportParameters,
  ExportSummary,
  ImportSummary,
  JobFile,
  JobLog,
  JobType,
  ProcessInput,
  ProcessResult
} from './types'
export {
  DEFAULT_DATABASE,
  DEFAULT_TABLE,
  RecordStore,
  type AttributeValue,
  type FileValue,
  type RecordStoreOptions,
  type RecordView,
  type ScalarValue,
  type UpsertInput
} from './record-store'
export { seedDemoRecords, type SeedOptions } from './demo-records'
export { isSafeRelativePath, normalizeVirtualPath, safeFileName, virtualPathKey } from './virtual-paths'

/**
 * Runs one job on its input files: imports write records to the store, exports write workbooks
 * into outputDir. Bad inputs never throw: they end the job with an ERROR log line and a summary
 * that says so.
 */
export async function processJob(input: ProcessInput): Promise<ProcessResult> {
  const log = new CountingLog(input.log)
  log.info(`Started ${input.type} "${input.jobName}" with ${count(input.files.length, 'input file')}`)
  return input.type === 'ExcelExportJob' ? exportJob(input, log) : importJob(input, log)
}

async function importJob(input: ProcessInput, log: CountingLog): Promise<ProcessResult> {
  const ctx: ImportJobContext = {
    jobName: input.jobName,
    files: input.files,
    records: input.records,
    log,
    ...(input.signal ? { signal: input.signal } : {}),
    counts: { created: 0, updated: 0, tasks: 0 }
  }
  let failed = false
  try {
    if (input.type === 'TextImportJob') await runTextImport(ctx)
    else await runExcelImport(ctx)
  } catch (e) {
    failed = !(e instanceof JobFailure)
    log.error(failureMessage(e, input.signal))
  }
  const summary: ImportSummary = {
    FinishedSuccessfully: log.errors === 0,
    NumberOfErrors: log.errors,
    NumberOfRecordsCreated: ctx.counts.created,
    NumberOfRecordsUpdated: ctx.counts.updated,
    NumberOfTasks: ctx.counts.tasks
  }
  log.info(
    `Finished: ${count(summary.NumberOfRecordsCreated, 'record')} created, ${summary.NumberOfRecordsUpdated} updated, ` +
      `${count(summary.NumberOfErrors, 'error')}`
  )
  return { summary: { ...summary }, outputFiles: [], failed }
}

async function exportJob(input: ProcessInput, log: CountingLog): Promise<ProcessResult> {
  try {
    const outcome = await runExcelExport({
      jobName: input.jobName,
      files: input.files,
      parameters: input.exportParameters,
      outputDir: input.outputDir,
      records: input.records,
      log,
      ...(input.signal ? { signal: input.signal } : {})
    })
    const summary: ExportSummary = { ExportedRecords: outcome.exported, Errors: outcome.errors }
    log.info(`Finished: ${count(outcome.exported, 'record')} exported, ${count(outcome.errors.length, 'error')}`)
    return { summary: { ...summary }, outputFiles: outcome.outputFiles, failed: false }
  } catch (e) {
    const message = failureMessage(e, input.signal)
    log.error(message)
    const summary: ExportSummary = { ExportedRecords: 0, Errors: [message] }
    return { summary: { ...summary }, outputFiles: [], failed: true }
  }
}

function failureMessage(e: unknown, signal: AbortSignal | undefined): string {
  if (e instanceof JobFailure) return e.message
  if (signal?.aborted) return 'The job was stopped before it finished'
  return `Internal error while processing the job: ${e instanceof Error ? e.message : String(e)}`
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
