import type { Writable } from 'node:stream'
import type {
  CurrentUser,
  Job,
  JobDefinition,
  JobList,
  JobListFilters,
  JobMetrics,
  JobUpdate,
  ProcessingConfiguration
} from '../../common/domain'
import type { JobRequestInput } from '../../common/job-request'
import { uploadFile, type UploadOptions } from './files'
import type { Http } from './http'
import * as jobs from './jobs'
import {
  downloadOutput,
  openOutput,
  type DownloadOptions,
  type DownloadResult,
  type OpenOutputOptions,
  type OpenedOutput
} from './outputs'
import { outputSizes, type OutputSize } from './output-size'
import { createJob, type CreateJobOptions } from './submit'
import type { ServerUrls } from './url'

type Signal = { signal?: AbortSignal }

/** One connected Granta MI server. Built by `connect()`; every method throws AppError. */
export class GrantaClient {
  /** The server's version, e.g. "25.2.0.0". */
  readonly serverVersion: string
  readonly urls: ServerUrls
  /** Which certificate authorities this connection trusts, for the connection test and logs. */
  readonly trust: string
  private readonly api: jobs.Api

  constructor(init: { http: Http; urls: ServerUrls; serverVersion: string; trust?: string }) {
    this.serverVersion = init.serverVersion
    this.urls = init.urls
    this.trust = init.trust ?? "Node's built-in certificate authorities"
    this.api = { http: init.http, urls: init.urls }
  }

  get serviceLayerUrl(): string {
    return this.urls.serviceLayer
  }

  currentUser(o?: Signal): Promise<CurrentUser> {
    return jobs.currentUser(this.api, o)
  }
  processingConfiguration(o?: Signal): Promise<ProcessingConfiguration> {
    return jobs.processingConfiguration(this.api, o)
  }
  listJobs(filters?: JobListFilters, o?: Signal): Promise<JobList> {
    return jobs.listJobs(this.api, filters, o)
  }
  getJob(id: string, o?: Signal): Promise<Job> {
    return jobs.getJob(this.api, id, o)
  }
  updateJob(id: string, changes: JobUpdate, o?: Signal): Promise<Job> {
    return jobs.updateJob(this.api, id, changes, o)
  }
  cancelJob(id: string, o?: Signal): Promise<Job> {
    return jobs.cancelJob(this.api, id, o)
  }
  moveToTop(id: string, o?: Signal): Promise<void> {
    return jobs.moveToTop(this.api, id, o)
  }
  resubmit(id: string, changes?: jobs.ResubmitOptions, o?: Signal): Promise<Job> {
    return jobs.resubmit(this.api, id, changes, o)
  }
  retrieveDefinition(id: string, o?: Signal): Promise<JobDefinition> {
    return jobs.retrieveDefinition(this.api, id, o)
  }
  deleteJob(id: string, o?: Signal): Promise<void> {
    return jobs.deleteJob(this.api, id, o)
  }
  deleteJobs(ids: readonly string[], o?: Signal): Promise<string[]> {
    return jobs.deleteJobs(this.api, ids, o)
  }
  outputNames(id: string, o?: Signal): Promise<jobs.OutputNames> {
    return jobs.outputNames(this.api, id, o)
  }
  metrics(start: Date | string, o?: Signal): Promise<JobMetrics> {
    return jobs.metrics(this.api, start, o)
  }
  uploadFile(path: string, o?: UploadOptions): Promise<string> {
    return uploadFile(this.api, path, o)
  }
  createJob(request: JobRequestInput, o?: CreateJobOptions): Promise<Job> {
    return createJob(this.api, request, o)
  }
  openOutput(jobId: string, fileName: string, o?: OpenOutputOptions): Promise<OpenedOutput> {
    return openOutput(this.api, jobId, fileName, o)
  }
  downloadOutput(jobId: string, fileName: string, writable: Writable, o?: DownloadOptions): Promise<DownloadResult> {
    return downloadOutput(this.api, jobId, fileName, writable, o)
  }
  /** Sizes of output files, one byte fetched from each; null where the server does not say. */
  outputSizes(jobId: string, names: readonly string[], o?: Signal): Promise<OutputSize[]> {
    return outputSizes(this.api, jobId, names, o)
  }

  /** Closes pooled connections. The client must not be used afterwards. */
  close(): void {
    this.api.http.close()
  }
}
