import type { Clock } from '../clock'
import { randomUUID } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { requestFiles, type JobRequest } from '../../common/job-request'
import {
  blocksSubmission,
  queuedDraftProgress,
  type BatchProgress,
  type BatchResult,
  type DraftProgress,
  type DraftRecord,
  type SkipReason
} from '../../common/drafts'
import { AppError, toErrorValue, type ErrorValue } from '../../common/errors'
import { DeltaThrottle } from './delta-throttle'
import { displayName, type DraftService } from './draft-service'

/** Progress of one file while a job is created: which file (0-based, upload order), bytes sent, file size. */
export interface FileProgress {
  index: number
  bytes: number
  total: number
}

/** What submission needs from the Server API client: upload the files in order, then create the job. */
export interface SubmitClient {
  createJob(
    request: JobRequest,
    options: { onFileProgress?: (progress: FileProgress) => void; signal?: AbortSignal }
  ): Promise<{ id: string }>
}

export interface SubmissionOptions {
  drafts: DraftService
  /** The live client; throws `NotConnected` when there is no session. Asked again for each draft. */
  getClient: () => SubmitClient | Promise<SubmitClient>
  onProgress?: (progress: BatchProgress) => void
  /** The server refused the sign-in: resolves true once the user has signed in again (then the draft is sent again). */
  waitForSignIn?: (signal: AbortSignal) => Promise<boolean>
  progressIntervalMs?: number
  clock?: Clock
}

export interface BatchHandle {
  batchId: string
  done: Promise<BatchResult>
}

interface Batch {
  id: string
  abort: AbortController
  progress: Map<string, DraftProgress>
  throttle: DeltaThrottle<string, DraftProgress>
  completed: number
  failed: number
  cancelled: boolean
  done: boolean
}

/**
 * Submits drafts one after another. A draft that fails is left as it was with the error attached,
 * and the batch goes on; a submitted draft keeps its job id. Progress events are merged to at most
 * ten a second and carry only the drafts that moved.
 */
export class DraftSubmitter {
  private readonly batches = new Map<string, Batch>()

  constructor(private readonly options: SubmissionOptions) {}

  submit(ids: readonly string[]): BatchHandle {
    const unique = [...new Set(ids)]
    const batch: Batch = {
      id: randomUUID(),
      abort: new AbortController(),
      progress: new Map(),
      throttle: new DeltaThrottle<string, DraftProgress>(
        (changed) => this.options.onProgress?.(this.snapshot(batch, changed)),
        this.options.progressIntervalMs ?? 100,
        this.options.clock
      ),
      completed: 0,
      failed: 0,
      cancelled: false,
      done: false
    }
    for (const id of unique) {
      let name = id
      try {
        name = displayName(this.options.drafts.record(id))
      } catch {
        // Unknown ids fail in their turn with a clear message.
      }
      batch.progress.set(id, queuedDraftProgress(id, name))
    }
    this.batches.set(batch.id, batch)
    const done = this.run(batch, unique).finally(() => {
      batch.done = true
      // The last event says the batch is done, with whatever had not been sent yet.
      if (batch.throttle.hasPending()) batch.throttle.flush()
      else this.options.onProgress?.(this.snapshot(batch, []))
      batch.throttle.dispose()
      this.batches.delete(batch.id)
    })
    return { batchId: batch.id, done }
  }

  /** Stops a running batch: the draft being uploaded is put back as it was, the rest are not started. */
  cancel(batchId: string): boolean {
    const batch = this.batches.get(batchId)
    if (!batch) return false
    batch.cancelled = true
    batch.abort.abort()
    return true
  }

  cancelAll(): void {
    for (const id of this.batches.keys()) this.cancel(id)
  }

  private async run(batch: Batch, ids: string[]): Promise<BatchResult> {
    const results: BatchResult['results'] = []
    for (const id of ids) {
      if (batch.cancelled) {
        this.update(batch, id, { phase: 'cancelled' })
        results.push({ id, outcome: 'cancelled', jobId: null, error: null })
        continue
      }
      const result = await this.submitOne(batch, id)
      if (result.outcome === 'submitted') batch.completed++
      if (result.outcome === 'failed') batch.failed++
      results.push(result)
    }
    return { batchId: batch.id, cancelled: batch.cancelled, results }
  }

  private async submitOne(batch: Batch, id: string): Promise<BatchResult['results'][number]> {
    const drafts = this.options.drafts
    const fail = (error: ErrorValue) => {
      this.update(batch, id, { phase: 'failed', error })
      return { id, outcome: 'failed' as const, jobId: null, error }
    }

    let before: DraftRecord
    try {
      // The files must still be the ones the user added, and the request must pass the rules.
      await drafts.get(id)
      const state = drafts.state(id)
      const record = drafts.record(id)
      if (record.submission?.status === 'submitted') {
        const { jobId } = record.submission
        return this.skip(batch, id, jobId, { kind: 'alreadySubmitted', message: `Already submitted as job ${jobId}.` })
      }
      // Not sent to fail: the draft keeps its reasons (the Drafts list shows them), with no error added.
      const blocking = (state?.reasons ?? []).filter(blocksSubmission)
      if (blocking.length) {
        const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more)` : ''
        const message = `Not sent: it needs attention first. ${blocking[0]?.message ?? ''}${more}`
        return this.skip(batch, id, null, { kind: 'needsAttention', message })
      }
      before = await drafts.beginSubmission(id)
    } catch (e) {
      return fail(toErrorValue(e))
    }

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.upload(batch, id, before)
      } catch (e) {
        if (batch.abort.signal.aborted) {
          await drafts.endSubmission(id, before, { cancelled: true })
          this.update(batch, id, { phase: 'cancelled' })
          return { id, outcome: 'cancelled', jobId: null, error: null }
        }
        if (attempt === 1 && (await this.signedInAgain(batch, id, e))) continue
        const error = toErrorValue(e)
        await drafts.endSubmission(id, before, { error })
        return fail(error)
      }
    }
  }

  private skip(batch: Batch, id: string, jobId: string | null, skipped: SkipReason): BatchResult['results'][number] {
    this.update(batch, id, { phase: 'skipped', jobId, skipped })
    return { id, outcome: 'skipped', jobId, error: null, skipped }
  }

  /** After a refused sign-in: the draft shows it waits, and is sent again once the user has signed in. */
  private async signedInAgain(batch: Batch, id: string, e: unknown): Promise<boolean> {
    const wait = this.options.waitForSignIn
    if (!wait || !(e instanceof AppError) || e.code !== 'Unauthorized') return false
    this.update(batch, id, { phase: 'signIn', bytesSent: 0 })
    return wait(batch.abort.signal)
  }

  private async upload(batch: Batch, id: string, before: DraftRecord): Promise<BatchResult['results'][number]> {
    const drafts = this.options.drafts
    const sizes = await fileSizes(before.request)
    const bytesTotal = sizes.reduce((a, b) => a + b, 0)
    this.update(batch, id, { phase: 'uploading', fileCount: sizes.length, bytesTotal, bytesSent: 0 })
    const client = await this.options.getClient()
    const done = new Array<number>(sizes.length).fill(0)
    const paths = requestFiles(before.request).map((f) => f.path)
    const job = await client.createJob(before.request, {
      signal: batch.abort.signal,
      onFileProgress: ({ index, bytes }) => {
        done[index] = bytes
        const sent = done.reduce((a, b) => a + b, 0)
        const allSent = index === sizes.length - 1 && bytes >= (sizes[index] ?? 0)
        this.update(batch, id, {
          phase: allSent ? 'creating' : 'uploading',
          fileIndex: index + 1,
          filePath: paths[index] ?? null,
          bytesSent: sent
        })
      }
    })
    await drafts.endSubmission(id, before, { jobId: job.id })
    this.update(batch, id, { phase: 'submitted', jobId: job.id, bytesSent: bytesTotal })
    return { id, outcome: 'submitted', jobId: job.id, error: null }
  }

  private update(batch: Batch, id: string, change: Partial<DraftProgress>): void {
    const current = batch.progress.get(id) ?? queuedDraftProgress(id, id)
    const next = { ...current, ...change }
    batch.progress.set(id, next)
    batch.throttle.set(id, next)
  }

  private snapshot(batch: Batch, changed: DraftProgress[]): BatchProgress {
    let bytesSent = 0
    let bytesTotal = 0
    for (const p of batch.progress.values()) {
      bytesSent += p.bytesSent
      bytesTotal += p.bytesTotal
    }
    return {
      batchId: batch.id,
      total: batch.progress.size,
      completed: batch.completed,
      failed: batch.failed,
      bytesSent,
      bytesTotal,
      done: batch.done,
      cancelled: batch.cancelled,
      drafts: changed
    }
  }
}

async function fileSizes(request: JobRequest): Promise<number[]> {
  const out: number[] = []
  for (const f of requestFiles(request)) {
    try {
      out.push((await stat(f.path)).size)
    } catch {
      out.push(0)
    }
  }
  return out
}
