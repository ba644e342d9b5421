/** The one door to the job processors (main/sandbox/processing). */
export { processJob, RecordStore, seedDemoRecords } from './processing'
export type { JobFile, JobLog, JobType, ProcessInput, ProcessResult } from './processing'
