import { Transform, type Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Response } from 'got'
import { AppError } from '../../common/errors'
import { statusError, toAppError } from './errors'
import type { Api } from './jobs'
import { query, segment } from './url'

export interface OpenOutputOptions {
  /** Ask for the bytes from here on (`Range: bytes=<offset>-`). */
  offset?: number
  /** ETag or Last-Modified of the part already saved (`If-Range`): a changed file comes back whole. */
  ifRange?: string
  signal?: AbortSignal
}

export interface OpenedOutput {
  status: 200 | 206
  /** The response body, not yet read. Destroy it if you do not read it. */
  stream: Readable
  /** Bytes in this response body, when the server says. */
  contentLength: number | null
  /** Size of the whole file, when known (Content-Range total, or Content-Length of a 200). */
  totalBytes: number | null
  etag?: string
  lastModified?: string
  /** True when the body starts at the requested offset (always true for offset 0). */
  rangeHonoured: boolean
}

/**
 * Sends GET outputs:export with `headers` and resolves once the response headers are in; the body is not read.
 * No retries, no decompression, HTTP errors returned as responses. Network errors become AppErrors about `action`.
 */
export async function requestOutput(
  api: Api,
  jobId: string,
  fileName: string,
  headers: Record<string, string>,
  action: string,
  signal?: AbortSignal
): Promise<{ stream: Readable; response: Response }> {
  const url = `${api.urls.jobQueue}/jobs/${segment(jobId)}/outputs:export${query({ fileName })}`
  try {
    return await api.http.openStream(url, { headers, ...(signal ? { signal } : {}) })
  } catch (e) {
    throw toAppError(e, { action })
  }
}

export function header(response: Response, name: string): string | undefined {
  const v = response.headers[name]
  return Array.isArray(v) ? v[0] : v
}

async function readSmall(stream: Readable, limit = 64 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string)
    if (size < limit) chunks.push(b)
    size += b.length
  }
  return Buffer.concat(chunks)
}

/**
 * Starts downloading an output file and returns once the headers are in. Low level: the download manager
 * decides what to do with a refused range. Not retried here; resuming is the caller's retry.
 */
export async function openOutput(
  api: Api,
  jobId: string,
  fileName: string,
  o: OpenOutputOptions = {}
): Promise<OpenedOutput> {
  const offset = o.offset ?? 0
  const ctx = { action: `downloading "${fileName}"` }
  const headers: Record<string, string> = {}
  if (offset > 0) {
    headers['range'] = `bytes=${offset}-`
    if (o.ifRange) headers['if-range'] = o.ifRange
  }
  const { stream, response } = await requestOutput(api, jobId, fileName, headers, ctx.action, o.signal)
  const status = response.statusCode
  if (status === 416) {
    stream.destroy()
    const total = /\/(\d+)$/.exec(header(response, 'content-range') ?? '')?.[1]
    throw new AppError(
      'Conflict',
      `The part of "${fileName}" already saved does not fit the file on the server. Download it again from the start.`,
      {
        status,
        reason: 'RangeNotSatisfiable',
        totalBytes: total === undefined ? null : Number(total)
      }
    )
  }
  if (status !== 200 && status !== 206) {
    const body = await readSmall(stream).catch(() => Buffer.alloc(0))
    if (status === 404) {
      throw new AppError(
        'NotFound',
        `The output file "${fileName}" of this job is no longer on the server; the job may have been deleted or purged.`,
        { status }
      )
    }
    const error = statusError(status, body, ctx)
    const retryAfter = header(response, 'retry-after')
    // A busy server (429, 503) says when to come back; the download manager waits that long.
    throw retryAfter === undefined
      ? error
      : new AppError(error.code, error.message, { ...(error.detail as object), retryAfter })
  }
  const lengthText = header(response, 'content-length')
  const contentLength = lengthText !== undefined && /^\d+$/.test(lengthText) ? Number(lengthText) : null
  let totalBytes: number | null = contentLength
  let rangeHonoured = offset === 0
  if (status === 206) {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(response, 'content-range') ?? '')
    if (!m || Number(m[1]) !== offset) {
      stream.destroy()
      throw new AppError('ServerResponseInvalid', `The server sent a different part of "${fileName}" than asked for.`, {
        field: 'Content-Range',
        value: header(response, 'content-range') ?? null
      })
    }
    totalBytes = m[3] === '*' ? null : Number(m[3])
    rangeHonoured = true
  }
  const etag = header(response, 'etag')
  const lastModified = header(response, 'last-modified')
  return {
    status,
    stream,
    contentLength,
    totalBytes,
    rangeHonoured,
    ...(etag !== undefined ? { etag } : {}),
    ...(lastModified !== undefined ? { lastModified } : {})
  }
}

export interface DownloadOptions {
  /** Continue a partial file: `offset` bytes are already in the writable, `validator` is their ETag or Last-Modified. */
  resume?: { offset: number; validator?: string }
  /** Bytes of the whole file written so far (including a resumed part), and its size when known. */
  onProgress?: (bytes: number, total: number | null) => void
  signal?: AbortSignal
}

export interface DownloadResult {
  status: 200 | 206
  /** Where this response started in the file. */
  startOffset: number
  /** Bytes written by this call. */
  bytesWritten: number
  totalBytes: number | null
  etag?: string
  lastModified?: string
}

/**
 * Streams an output file into `writable` (and ends it). Counts the bytes against Content-Length, because got
 * can end without an error on a short body. When a resume is refused (the file changed, or no range support),
 * nothing is written and a `Conflict` error with `detail.reason = 'RestartRequired'` asks the caller to start over.
 */
export async function downloadOutput(
  api: Api,
  jobId: string,
  fileName: string,
  writable: Writable,
  o: DownloadOptions = {}
): Promise<DownloadResult> {
  const offset = o.resume?.offset ?? 0
  const opened = await openOutput(api, jobId, fileName, {
    offset,
    ...(o.resume?.validator ? { ifRange: o.resume.validator } : {}),
    ...(o.signal ? { signal: o.signal } : {})
  })
  if (!opened.rangeHonoured) {
    opened.stream.destroy()
    throw new AppError(
      'Conflict',
      `"${fileName}" changed on the server or cannot be resumed; it must be downloaded again from the start.`,
      { reason: 'RestartRequired', status: opened.status, totalBytes: opened.totalBytes }
    )
  }
  const expected = opened.contentLength
  let received = 0
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length
      o.onProgress?.(offset + received, opened.totalBytes)
      done(null, chunk)
    },
    flush(done) {
      if (expected !== null && received !== expected) {
        done(shortBody(fileName, received, expected))
      } else done()
    }
  })
  try {
    await pipeline(opened.stream, counter, writable, ...(o.signal ? [{ signal: o.signal }] : []))
  } catch (e) {
    if (e instanceof AppError) throw e
    if (o.signal?.aborted)
      throw new AppError('Cancelled', `Download of "${fileName}" cancelled.`, { bytesWritten: received })
    if (expected !== null && received < expected) throw shortBody(fileName, received, expected)
    throw toAppError(e, { action: `downloading "${fileName}"` })
  }
  return {
    status: opened.status,
    startOffset: offset,
    bytesWritten: received,
    totalBytes: opened.totalBytes,
    ...(opened.etag !== undefined ? { etag: opened.etag } : {}),
    ...(opened.lastModified !== undefined ? { lastModified: opened.lastModified } : {})
  }
}

function shortBody(fileName: string, received: number, expected: number): AppError {
  return new AppError(
    'Network',
    `The download of "${fileName}" was cut off: ${received} of ${expected} bytes arrived. Try again; it resumes where it stopped.`,
    { reason: 'ShortBody', received, expected }
  )
}
