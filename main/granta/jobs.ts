import {
  type CurrentUser,
  type Job,
  type JobDefinition,
  type JobList,
  type JobListFilters,
  type JobMetrics,
  type JobUpdate,
  type ProcessingConfiguration,
  type SkippedItem
} from '../../common/domain'
import { toDotnetTicks } from '../../common/dotnet-ticks'
import { type CreateJobBody } from '../../common/job-request'
import { normaliseServerDate } from './wire'
import { AppError } from '../../common/errors'
import { statusError } from './errors'
import { parseJson, type Http } from './http'
import {
  deletedIdsSchema,
  gsaCurrentUserSchema,
  gsaGetJobsResponseSchema,
  gsaJobDefinitionSchema,
  gsaJobsSummarySchema,
  gsaProcessingConfigSchema,
  jobFromWire,
  outputNamesSchema
} from './schemas'
import { query, segment, type ServerUrls } from './url'

/** What every operation needs: the connection's HTTP layer and the server's URLs. */
export interface Api {
  http: Http
  urls: ServerUrls
}

export interface Signal {
  signal?: AbortSignal
}

/** A job's output names, with the entries the app could not read. */
export interface OutputNames {
  names: string[]
  skipped: SkippedItem[]
}

const jobUrl = (api: Api, id: string, suffix = '') => `${api.urls.jobQueue}/jobs/${segment(id)}${suffix}`

export function currentUser(api: Api, o: Signal = {}): Promise<CurrentUser> {
  return api.http.json(gsaCurrentUserSchema, {
    method: 'GET',
    url: `${api.urls.jobQueue}/current-user`,
    ctx: { action: 'reading the current user' },
    ...o
  })
}

export function processingConfiguration(api: Api, o: Signal = {}): Promise<ProcessingConfiguration> {
  return api.http.json(gsaProcessingConfigSchema, {
    method: 'GET',
    url: `${api.urls.jobQueue}/processing-configuration`,
    ctx: { action: 'reading the processing configuration' },
    ...o
  })
}

/** Filters and paging happen on the server. Without paging the server returns every matching job. */
export async function listJobs(api: Api, filters: JobListFilters = {}, o: Signal = {}): Promise<JobList> {
  const q = query({
    jobType: filters.jobType,
    status: filters.status,
    nameFilter: filters.nameFilter,
    descriptionFilter: filters.descriptionFilter,
    submitterNameFilter: filters.submitterNameFilter,
    pageSize: filters.pageSize,
    pageNumber: filters.pageNumber
  })
  const r = await api.http.json(gsaGetJobsResponseSchema, {
    method: 'GET',
    url: `${api.urls.jobQueue}/jobs${q}`,
    ctx: { action: 'listing jobs' },
    ...o
  })
  return { totalResultCount: r.totalResultCount, jobs: r.results, skipped: r.skipped }
}

export function getJob(api: Api, id: string, o: Signal = {}): Promise<Job> {
  return api.http.json(jobFromWire, { method: 'GET', url: jobUrl(api, id), ctx: { action: `reading job ${id}` }, ...o })
}

/** Sends only the fields given; `description: null` clears it, `scheduledExecutionDate: null` removes the schedule. */
export async function updateJob(api: Api, id: string, changes: JobUpdate, o: Signal = {}): Promise<Job> {
  const body: Record<string, unknown> = {}
  if (changes.name !== undefined) body['name'] = changes.name
  if (changes.description !== undefined) body['description'] = changes.description
  if (changes.scheduledExecutionDate !== undefined) {
    body['scheduledExecutionDate'] =
      changes.scheduledExecutionDate === null ? null : normaliseServerDate(changes.scheduledExecutionDate)
  }
  if (Object.keys(body).length === 0)
    throw new AppError('Validation', 'Nothing to change: give a name, description or scheduled date.')
  return api.http.json(jobFromWire, {
    method: 'PATCH',
    url: jobUrl(api, id),
    json: body,
    ctx: { action: `updating job ${id}` },
    ...o
  })
}

/** Cancelling is an update of the status (GsaUpdateJobRequest.status), as the official client does it. */
export function cancelJob(api: Api, id: string, o: Signal = {}): Promise<Job> {
  return api.http.json(jobFromWire, {
    method: 'PATCH',
    url: jobUrl(api, id),
    json: { status: 'Cancelled' },
    ctx: { action: `cancelling job ${id}` },
    ...o
  })
}

/** Administrators only. */
export async function moveToTop(api: Api, id: string, o: Signal = {}): Promise<void> {
  await api.http.send({
    method: 'POST',
    url: jobUrl(api, id, ':move-to-top'),
    ctx: { action: `moving job ${id} to the top` },
    ...o
  })
}

export interface ResubmitOptions {
  name?: string
  description?: string | null
  scheduledExecutionDate?: string | null
}

export function resubmit(api: Api, id: string, changes: ResubmitOptions = {}, o: Signal = {}): Promise<Job> {
  const body: Record<string, unknown> = {}
  if (changes.name !== undefined) body['name'] = changes.name
  if (changes.description !== undefined) body['description'] = changes.description
  if (changes.scheduledExecutionDate !== undefined) {
    body['scheduledExecutionDate'] =
      changes.scheduledExecutionDate === null ? null : normaliseServerDate(changes.scheduledExecutionDate)
  }
  return api.http.json(jobFromWire, {
    method: 'POST',
    url: jobUrl(api, id, ':resubmit'),
    json: body,
    ctx: { action: `resubmitting job ${id}` },
    ...o
  })
}

export function retrieveDefinition(api: Api, id: string, o: Signal = {}): Promise<JobDefinition> {
  return api.http.json(gsaJobDefinitionSchema, {
    method: 'GET',
    url: jobUrl(api, id, ':retrieve-definition'),
    ctx: { action: `reading the definition of job ${id}` },
    ...o
  })
}

/**
 * Deletes one job. Retried on network errors (deleting one id twice is harmless); a 404 on a retry means the
 * first attempt worked, so it counts as deleted.
 */
export async function deleteJob(api: Api, id: string, o: Signal = {}): Promise<void> {
  const ctx = { action: `deleting job ${id}` }
  const response = await api.http.send({
    method: 'DELETE',
    url: jobUrl(api, id),
    ctx,
    retry: true,
    okStatuses: [404],
    ...o
  })
  if (response.statusCode === 404 && response.retryCount === 0) throw statusError(404, response.body, ctx)
}

/** Deletes several jobs in one request (never retried). Returns the ids the server deleted. */
export async function deleteJobs(api: Api, ids: readonly string[], o: Signal = {}): Promise<string[]> {
  if (ids.length === 0) throw new AppError('Validation', 'Choose at least one job to delete.')
  return api.http.json(deletedIdsSchema, {
    method: 'DELETE',
    url: `${api.urls.jobQueue}/jobs`,
    json: ids,
    ctx: { action: `deleting ${ids.length} jobs` },
    ...o
  })
}

export function outputNames(api: Api, id: string, o: Signal = {}): Promise<OutputNames> {
  return api.http.json(outputNamesSchema, {
    method: 'GET',
    url: jobUrl(api, id, '/outputs'),
    ctx: { action: `listing the outputs of job ${id}` },
    ...o
  })
}

/** POST /jobs: never retried, because a lost answer may hide a created job. */
export function postJob(api: Api, body: CreateJobBody, o: Signal = {}): Promise<Job> {
  return api.http.json(jobFromWire, {
    method: 'POST',
    url: `${api.urls.jobQueue}/jobs`,
    json: body,
    ctx: { action: `creating job "${body.name}"` },
    ...o
  })
}

/**
 * Job types and statuses since `start`. The Server API (2026 R1 and later) takes `start` as .NET ticks; an older
 * server that answers 400 to that is asked once more with an ISO date.
 */
export async function metrics(api: Api, start: Date | string, o: Signal = {}): Promise<JobMetrics> {
  const iso = typeof start === 'string' ? normaliseServerDate(start) : start.toISOString()
  if (iso === null) throw new AppError('Validation', 'The start of the metrics period is not a date.')
  const ctx = { action: 'reading job metrics' }
  const ask = (value: string, okStatuses: number[] = []) =>
    api.http.send({ method: 'GET', url: `${api.urls.metrics}${query({ start: value })}`, ctx, okStatuses, ...o })
  let response = await ask(toDotnetTicks(Date.parse(iso)), [400])
  if (response.statusCode === 400) response = await ask(iso)
  return parseJson(gsaJobsSummarySchema, response.body, ctx)
}
