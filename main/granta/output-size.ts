import type { Readable } from 'node:stream'
import PQueue from 'p-queue'
import type { Api } from './jobs'
import { header, requestOutput } from './outputs'

/**
 * The API lists output files by name only. Their sizes come from a ranged GET of the first byte:
 * a 206 says the whole size in Content-Range (`bytes 0-0/12345`), so one byte crosses the wire, not the file.
 */
export interface OutputSize {
  name: string
  /** Null when the server does not say (no Content-Range or Content-Length), or the file could not be asked about. */
  bytes: number | null
}

/** A body no longer than this is read to its end, so the connection goes back to the pool. */
const SMALL_BODY = 1024

/** The total of a Content-Range (`bytes 0-0/12345`, or a 416's star form for an empty file), if the server gave one. */
export function totalFromContentRange(value: string | undefined): number | null {
  const m = /^bytes\s+(?:\d+-\d+|\*)\/(\d+)$/i.exec(value?.trim() ?? '')
  return m?.[1] === undefined ? null : Number(m[1])
}

/** Lets a body go without reading a large one: a short one is drained (keep-alive), anything else destroyed. */
function release(stream: Readable, contentLength: number | null): Promise<void> {
  if (contentLength === null || contentLength > SMALL_BODY) {
    stream.destroy()
    return Promise.resolve()
  }
  return new Promise((resolve) => {
    stream.once('end', resolve)
    stream.once('error', () => resolve())
    stream.once('close', resolve)
    stream.resume()
  })
}

/** The size of one output file, from `Range: bytes=0-0`; null when the server does not tell. Throws on network errors. */
export async function outputSize(
  api: Api,
  jobId: string,
  fileName: string,
  o: { signal?: AbortSignal } = {}
): Promise<number | null> {
  const { stream, response } = await requestOutput(
    api,
    jobId,
    fileName,
    { range: 'bytes=0-0' },
    `reading the size of "${fileName}"`,
    o.signal
  )
  stream.on('error', () => {})
  const lengthText = header(response, 'content-length')
  const contentLength = lengthText !== undefined && /^\d+$/.test(lengthText) ? Number(lengthText) : null
  await release(stream, contentLength)
  switch (response.statusCode) {
    case 206:
    case 416:
      return totalFromContentRange(header(response, 'content-range'))
    case 200:
      // The server ignored the range: its Content-Length is the whole file (the body was not read).
      return contentLength
    default:
      return null
  }
}

/** Sizes of a job's output files, a few requests at a time; a file that cannot be asked about gets `bytes: null`. */
export async function outputSizes(
  api: Api,
  jobId: string,
  names: readonly string[],
  o: { signal?: AbortSignal; concurrency?: number } = {}
): Promise<OutputSize[]> {
  const queue = new PQueue({ concurrency: o.concurrency ?? 4 })
  return Promise.all(
    names.map((name) =>
      queue.add(async (): Promise<OutputSize> => {
        const bytes = await outputSize(api, jobId, name, o).catch(() => null)
        return { name, bytes }
      })
    )
  )
}
