import type { OpenedOutput, OpenOutputOptions } from '../granta/outputs'
import type { JobListFilters, SkippedItem } from '../../common/domain'
import type { LayoutJob } from './layout'

/** The narrow part of the Granta client the transfers use; GrantaClient satisfies it structurally. */
export interface OutputSource {
  openOutput(jobId: string, fileName: string, options: OpenOutputOptions): Promise<OpenedOutput>
}

/** What planning a batch needs: find jobs and their output names. */
export interface JobDirectory {
  getJob(id: string): Promise<LayoutJob>
  /** `skipped`: the listed jobs the client could not read (no id, …). */
  listJobs(
    filters: JobListFilters
  ): Promise<{ jobs: readonly LayoutJob[]; skipped?: readonly SkippedItem[]; totalResultCount?: number }>
  outputNames(jobId: string): Promise<{ names: readonly string[]; skipped?: readonly SkippedItem[] }>
}

export type { OpenedOutput, OpenOutputOptions }
export type DownloadClient = OutputSource & JobDirectory

/** Gives the client for a connection, or undefined while that connection is not signed in. */
export type ClientProvider = (connectionId: string) => DownloadClient | undefined
