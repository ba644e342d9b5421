import type { RecordStore } from './record-store'

export type JobType = 'ExcelImportJob' | 'TextImportJob' | 'ExcelExportJob'

export interface JobFile {
  fileType: 'Template' | 'Data' | 'Combined' | 'Attachment'
  /** The job's relative name for the file; data files refer to attachments by it. */
  virtualPath: string
  /** Where the uploaded bytes are on disk. */
  diskPath: string
}

export interface ExportParameters {
  databaseKey: string
  records: { historyIdentity: number; version: number | null }[]
  templateFileName: string
}

export interface JobLog {
  info(msg: string): void
  warn(msg: string): void
  error(msg: string): void
}

export interface ProcessInput {
  jobName: string
  type: JobType
  files: JobFile[]
  exportParameters?: ExportParameters
  outputDir: string
  records: RecordStore
  log: JobLog
  signal?: AbortSignal
}

export interface ProcessResult {
  /** Goes into `jobSpecificOutputs.summary` as a JSON string. */
  summary: Record<string, unknown>
  /** Names of the files written into outputDir (the server writes the .log itself). */
  outputFiles: string[]
  /**
   * True when the job could not run at all (unknown database key, cancelled, internal error):
   * mark it Failed. False means it ran; an import's summary still says whether it worked.
   */
  failed: boolean
}

export interface ImportSummary {
  FinishedSuccessfully: boolean
  NumberOfErrors: number
  NumberOfRecordsCreated: number
  NumberOfRecordsUpdated: number
  NumberOfTasks: number
}

export interface ExportSummary {
  ExportedRecords: number
  Errors: string[]
}

/** A reason to stop the job, with the message for the log. Never leaves processJob. */
export class JobFailure extends Error {
  override readonly name = 'JobFailure'
}
