import { basename } from 'node:path'
import { type Job } from '../../common/domain'
import {
  jobRequestSchema,
  requestFiles,
  toCreateJobBody,
  validateJobRequest,
  type JobRequestInput
} from '../../common/job-request'
import { AppError, type ErrorCode } from '../../common/errors'
import { uploadFile } from './files'
import { listJobs, postJob, type Api } from './jobs'

export interface FileProgress {
  /** 0-based position in the upload order. */
  index: number
  count: number
  path: string
  bytes: number
  total: number
}

export interface CreateJobOptions {
  onFileProgress?: (p: FileProgress) => void
  signal?: AbortSignal
}

/** Errors after which the server may still have created the job. */
const ambiguous: ErrorCode[] = ['Network', 'Timeout', 'ServerError', 'Cancelled', 'ServerResponseInvalid']

/**
 * Validates the request, uploads its files in order, then creates the job (never retried).
 * A failed upload names the file and nothing is created. When the create request fails in a way that
 * may hide a created job, the queue is searched for a job using the uploaded files, so a job is never
 * created without the caller knowing it.
 */
export async function createJob(api: Api, input: JobRequestInput, o: CreateJobOptions = {}): Promise<Job> {
  const parsed = jobRequestSchema.safeParse(input)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(request)', message: i.message }))
    throw new AppError('Validation', `The job request is not valid: ${issues[0]?.field}: ${issues[0]?.message}`, {
      issues
    })
  }
  const req = parsed.data
  const issues = validateJobRequest(req)
  if (issues.length > 0) {
    throw new AppError('Validation', `The job request is not complete: ${issues[0]?.message}`, { issues })
  }

  const files = requestFiles(req)
  const ids: string[] = []
  for (const [index, file] of files.entries()) {
    try {
      ids.push(
        await uploadFile(api, file.path, {
          ...(o.signal ? { signal: o.signal } : {}),
          onProgress: (bytes, total) =>
            o.onFileProgress?.({ index, count: files.length, path: file.path, bytes, total })
        })
      )
    } catch (e) {
      const cause = e instanceof AppError ? e : new AppError('Internal', String(e))
      const what = `file ${index + 1} of ${files.length} ("${basename(file.path)}")`
      throw new AppError(
        cause.code,
        cause.code === 'Cancelled'
          ? `Submission cancelled while uploading ${what}. The job was not created.`
          : `Could not upload ${what}: ${cause.message} The job was not created.`,
        { step: 'upload', index, field: file.field, path: file.path, cause: cause.toValue() }
      )
    }
  }

  const body = toCreateJobBody(req, ids)
  try {
    return await postJob(api, body, o.signal ? { signal: o.signal } : {})
  } catch (e) {
    const cause = e instanceof AppError ? e : new AppError('Internal', String(e))
    if (!ambiguous.includes(cause.code)) {
      throw new AppError(cause.code, `The server did not create the job: ${cause.message}`, {
        step: 'create',
        cause: cause.toValue()
      })
    }
    const found = await findCreatedJob(api, body.name, ids)
    if (found) return found
    throw new AppError(
      cause.code,
      `${cause.message} The server may have created job "${body.name}" anyway: look for it in the queue before submitting again.`,
      { step: 'create', maybeCreated: true, inputFileIds: ids, cause: cause.toValue() }
    )
  }
}

/** A job that uses the files just uploaded is the one the lost answer was about. */
async function findCreatedJob(api: Api, name: string, ids: string[]): Promise<Job | null> {
  if (ids.length === 0) return null
  try {
    const { jobs } = await listJobs(api, { nameFilter: name })
    return jobs.find((j) => j.inputFileIds.some((id) => ids.includes(id))) ?? null
  } catch {
    return null
  }
}
