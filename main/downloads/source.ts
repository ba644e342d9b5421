import type { Readable } from 'node:stream'
import type { JobFilter } from '../../common/downloads'
import type { LayoutJob } from './layout'

/** An opened output file: what the engine needs from the client's download call. */
export interface OpenedOutput {
  status: 200 | 206
  stream: Readable
  /** Bytes in this response's body. */
  contentLength: number | null
  /** Size of the whole file (from Content-Range on a 206, Content-Length on a 200). */
  totalBytes: number | null
  etag?: string
  lastModified?: string
  /** The server sent the range we asked for (a 206 from `offset`). */
  rangeHonoured: boolean
}

export interface OpenOutputOptions {
  offset?: number
  /** ETag or Last-Modified of the part we hold; the server answers 200 (whole file) if it changed. */
  ifRange?: string
  signal?: AbortSignal
}

/** The narrow part of the Granta client the transfers use; GrantaClient satisfies it structurally. */
export interface OutputSource {
  openOutput(jobId: string, fileName: string, options: OpenOutputOptions): Promise<OpenedOutput>
}

/** What planning a batch needs: find jobs and their output names. */
export interface JobDirectory {
  getJob(id: string): Promise<LayoutJob>
  listJobs(filters: JobFilter): Promise<{ jobs: readonly LayoutJob[] }>
  outputNames(jobId: string): Promise<readonly string[]>
}

export type DownloadClient = OutputSource & JobDirectory

/** Gives the client for a connection, or undefined while that connection is not signed in. */
export type ClientProvider = (connectionId: string) => DownloadClient | undefined
