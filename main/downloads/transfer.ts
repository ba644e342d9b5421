import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Validator } from '../../common/downloads'
import { AppError } from '../../common/errors'
import type { BandwidthLimiter } from './bandwidth'
import { RangeMismatchError, ShortBodyError } from './errors'
import type { FileOps } from './file-ops'
import { partSink } from './part-sink'
import type { OutputSource } from './source'

export interface TransferRequest {
  jobId: string
  fileName: string
  partPath: string
  /** The engine created the part file (its journal says so): a part it did not create is never touched. */
  partOwned: boolean
  /** Writes the part into the journal; called before the part file is created. */
  recordPart: () => Promise<void>
  /** What we know from earlier attempts: the validator of the bytes in the part file and the file's size. */
  validator?: Validator
  totalBytes: number | null
}

export interface TransferStart {
  /** Where this response's bytes go in the file. */
  offset: number
  totalBytes: number | null
  validator?: Validator
  /** The part file was started over (validator changed, no range support, or no validator to resume with). */
  restarted: boolean
}

export interface TransferHooks {
  /** Called once the part is cut to `offset`, before the first byte is written. */
  onStart(start: TransferStart): void
  /** Bytes that reached the part file. */
  onBytes(bytes: number): void
}

export interface TransferDeps {
  source: OutputSource
  files: FileOps
  limiter: BandwidthLimiter
}

/** A file at the part's path that this app did not write: somebody else's; it is left alone. */
function partInTheWay(req: TransferRequest): AppError {
  return new AppError(
    'Conflict',
    `A file named ${path.basename(req.partPath)} is already in that folder, and JobQueue Desktop did not write it. It was left alone: move or rename it, then retry.`,
    { path: req.partPath }
  )
}

function rangeRefused(e: unknown): boolean {
  const detail = (e as { detail?: { status?: unknown; reason?: unknown } } | undefined)?.detail
  return detail?.status === 416 || detail?.reason === 'RangeNotSatisfiable'
}

export function validatorValue(v: Validator | undefined): string | undefined {
  return v?.etag ?? v?.lastModified
}

/**
 * One attempt at one file: resume the `.part` with Range + If-Range when we can, start over when the
 * server's validator changed, count the bytes against the announced length, fsync. Leaves a complete,
 * verified `.part` on success; never touches the final path.
 */
export async function transferOnce(
  deps: TransferDeps,
  req: TransferRequest,
  hooks: TransferHooks,
  signal: AbortSignal
): Promise<{ totalBytes: number }> {
  const found = await deps.files.size(req.partPath)
  if (found !== null && !req.partOwned) throw partInTheWay(req)
  if (found === null) await req.recordPart()
  const held = found ?? 0
  const ifRange = validatorValue(req.validator)
  let resumeFrom = ifRange === undefined ? 0 : held
  // A complete part is re-checked by fetching its last byte, so the validator is still confirmed.
  if (req.totalBytes !== null && resumeFrom >= req.totalBytes) resumeFrom = Math.max(0, req.totalBytes - 1)

  const res = await deps.source
    .openOutput(req.jobId, req.fileName, resumeFrom > 0 ? { offset: resumeFrom, ifRange, signal } : { signal })
    .catch(async (e: unknown) => {
      // 416: the part is longer than the file now on the server; it cannot be resumed.
      if (resumeFrom > 0 && rangeRefused(e)) {
        await deps.files.remove(req.partPath)
        throw new RangeMismatchError(`${req.fileName} changed on the server while downloading; starting over.`)
      }
      throw e
    })
  // Until the pipeline owns the body, an error on it (a dropped connection) must not go unhandled.
  res.stream.on('error', () => {})
  const validator: Validator | undefined =
    res.etag !== undefined || res.lastModified !== undefined
      ? { etag: res.etag, lastModified: res.lastModified }
      : undefined

  let offset = 0
  if (resumeFrom > 0 && res.status === 206 && res.rangeHonoured) {
    if (req.totalBytes !== null && res.totalBytes !== null && res.totalBytes !== req.totalBytes) {
      res.stream.destroy()
      await deps.files.remove(req.partPath)
      throw new RangeMismatchError(`${req.fileName} changed size on the server while downloading; starting over.`)
    }
    offset = resumeFrom
  }
  const totalBytes = res.totalBytes ?? (offset === 0 ? res.contentLength : null)
  const restarted = held > 0 && offset === 0

  // The part is cut to `offset` before the new validator is reported: whatever is stored about the part
  // (old validator with fewer bytes, or the new one) then always describes bytes of that version or none.
  const writer = await deps.files.openPart(req.partPath, offset).catch((e: unknown) => {
    res.stream.destroy()
    throw e
  })
  let received = 0
  let closed = false
  try {
    hooks.onStart({ offset, totalBytes, validator, restarted })
    await pipeline(
      res.stream,
      partSink(
        writer,
        (n) => {
          received += n
          hooks.onBytes(n)
        },
        (n) => deps.limiter.pace(n, signal)
      ),
      { signal }
    )
    const expected = res.contentLength ?? (totalBytes !== null ? totalBytes - offset : null)
    if (expected !== null && received !== expected) {
      if (received > expected) {
        await writer.close()
        closed = true
        await deps.files.remove(req.partPath)
      }
      throw new ShortBodyError(received, expected)
    }
    if (totalBytes !== null && offset + received !== totalBytes) throw new ShortBodyError(offset + received, totalBytes)
    await writer.sync()
  } catch (e) {
    res.stream.destroy()
    throw e
  } finally {
    if (!closed) await writer.close().catch(() => {})
  }
  return { totalBytes: offset + received }
}
