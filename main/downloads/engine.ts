import { randomUUID } from 'node:crypto'
import path from 'node:path'
import PQueue from 'p-queue'
import {
  type BatchProgress,
  type BatchRequest,
  type BatchSource,
  type DownloadBatch,
  type DownloadItem,
  type DownloadsList,
  type DownloadsState,
  type DownloadTarget,
  type ItemProgress,
  type Preview,
  type ProgressEvent
} from '../../common/downloads'
import { AppError } from '../../common/errors'
import { BandwidthLimiter, sleep } from './bandwidth'
import { backoffDelay, classify, defaultBackoff, type BackoffPolicy } from './errors'
import { nodeFileOps, type FileOps } from './file-ops'
import { parseTemplate } from './layout'
import { layOut, numberedName, resolveSource } from './plan'
import { countStates, eta, isLive, SpeedMeter, sumBytes } from './progress'
import { collisionKey } from './sanitize'
import type { ClientProvider, DownloadClient } from './source'
import { DownloadsStore, emptyState, type LoadNotice } from './store'
import { transferOnce, type TransferStart } from './transfer'

export interface DownloadEngineOptions {
  /** downloads.json lives here. */
  dataDir: string
  /** The signed-in client of a connection, or undefined while it is not signed in. */
  clients: ClientProvider
  files?: FileOps
  clock?: () => Date
  random?: () => number
  backoff?: Partial<BackoffPolicy>
  /** Progress events at most this often (default 100 ms: ≤ 10 per second). */
  progressIntervalMs?: number
  onProgress?: (event: ProgressEvent) => void
  newId?: () => string
  /** Marks a verified file before it is renamed into place (the Mark of the Web on Windows; see zone.ts). */
  markDownloaded?: (file: string, connectionId: string) => Promise<void>
}

type StopReason = 'pause' | 'cancel' | 'shutdown'

/** A batch request with its connection decided. */
export type EngineBatchRequest = BatchRequest & { connectionId: string }

/** What the engine knows about an item beyond what is stored. */
interface Runtime {
  controller?: AbortController
  stopReason?: StopReason
  /** Resolves when the running task has finished with the item. */
  settled?: Promise<void>
  meter: SpeedMeter
  retryAt?: string
}

class ItemFailure extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

const PART = '.part'
const SAVE_EVERY_MS = 2_000
const SAVE_DELAY_MS = 250

/**
 * The download manager: a persistent queue of files, transferred by a bounded pool, each item moving
 * queued → active → done | failed | cancelled (or paused), written to `<final>.part` and renamed into
 * place only when complete and verified.
 */
export class DownloadEngine {
  private readonly files: FileOps
  private readonly clock: () => Date
  private readonly random: () => number
  private readonly backoff: BackoffPolicy
  private readonly newId: () => string
  private readonly store: DownloadsStore
  private readonly queue: PQueue
  private readonly limiter: BandwidthLimiter
  private state: DownloadsState
  private readonly items = new Map<string, DownloadItem>()
  private readonly runtime = new Map<string, Runtime>()
  private readonly scheduled = new Set<string>()
  /** Renames into place that run after their transfer has left the pool. */
  private readonly finishing = new Set<Promise<void>>()
  private readonly dirtyItems = new Set<string>()
  private readonly dirtyBatches = new Set<string>()
  private readonly removedItems = new Set<string>()
  private readonly removedBatches = new Set<string>()
  private readonly finishedBatches = new Set<string>()
  private readonly announcedFinished = new Set<string>()
  private readonly totalMeter = new SpeedMeter()
  private readonly batchMeters = new Map<string, SpeedMeter>()
  private ticker: NodeJS.Timeout | undefined
  private saveTimer: NodeJS.Timeout | undefined
  private lastSave = 0
  private closed = false
  private started: Promise<void> | undefined
  /** What happened to downloads.json when it was loaded. */
  loadNotice: LoadNotice

  constructor(private readonly options: DownloadEngineOptions) {
    this.files = options.files ?? nodeFileOps
    this.clock = options.clock ?? (() => new Date())
    this.random = options.random ?? Math.random
    this.backoff = { ...defaultBackoff, ...options.backoff }
    this.newId = options.newId ?? randomUUID
    this.state = emptyState()
    this.store = new DownloadsStore(options.dataDir, () => this.snapshot(), options.clock)
    this.queue = new PQueue({ concurrency: this.state.settings.concurrency, autoStart: false })
    this.limiter = new BandwidthLimiter(null)
  }

  // ---------------------------------------------------------------- lifecycle

  /** Loads downloads.json and resumes what was interrupted. Every caller waits for the same load. */
  start(): Promise<void> {
    this.started ??= this.load()
    return this.started
  }

  private async load(): Promise<void> {
    const { state, notice } = await this.store.load()
    this.loadNotice = notice
    this.state = state
    for (const item of state.items) {
      if (item.state === 'active') item.state = 'queued'
      this.items.set(item.id, item)
    }
    this.queue.concurrency = state.settings.concurrency
    this.limiter.setLimit(state.settings.bandwidthLimit)
    for (const batch of state.batches)
      if (!this.batchItems(batch.id).some((i) => isLive(i.state))) this.announcedFinished.add(batch.id)
    for (const item of this.items.values()) if (item.state === 'queued') this.schedule(item)
    this.queue.start()
    await this.store.save()
  }

  /** Stops every transfer, keeps them queued for the next start, and writes the queue. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.queue.pause()
    this.queue.clear()
    const running: Promise<void>[] = []
    for (const rt of this.runtime.values()) {
      if (rt.controller) {
        rt.stopReason = 'shutdown'
        rt.controller.abort(new Error('shutdown'))
        if (rt.settled) running.push(rt.settled)
      }
    }
    await Promise.all(running)
    await Promise.all([...this.finishing])
    if (this.saveTimer) clearTimeout(this.saveTimer)
    this.saveTimer = undefined
    this.stopTicker()
    await this.store.save()
    await this.store.flush()
  }

  /** Resolves when nothing is queued or running. */
  async whenIdle(): Promise<void> {
    do {
      await this.queue.onIdle()
      await Promise.all([...this.finishing])
    } while (this.queue.size + this.queue.pending + this.finishing.size > 0)
    await this.store.save()
  }

  // ---------------------------------------------------------------- adding

  private client(connectionId: string): DownloadClient {
    const c = this.options.clients(connectionId)
    if (!c) throw new AppError('NotConnected', 'Sign in to this connection first, then add the downloads again.')
    return c
  }

  destinationFor(connectionId: string): string | null {
    return this.state.destinations[connectionId] ?? null
  }

  private destinationOf(req: EngineBatchRequest): string {
    const d = req.destination ?? this.destinationFor(req.connectionId)
    if (!d) throw new AppError('Validation', 'Choose a destination folder for the downloads.')
    if (!path.isAbsolute(d))
      throw new AppError('Validation', `The destination ${d} is not a full folder path. Choose a folder.`)
    return path.resolve(d)
  }

  /** Keys of target paths that live items hold, so no two items ever write the same file. */
  private claimedKeys(except?: string): Set<string> {
    const keys = new Set<string>()
    for (const i of this.items.values()) if (i.id !== except && isLive(i.state)) keys.add(collisionKey(i.targetPath))
    return keys
  }

  /** The paths a batch would produce, without starting anything. */
  async preview(req: EngineBatchRequest): Promise<Preview> {
    const destination = this.destinationOf(req)
    const levels = parseTemplate(req.template)
    const resolved = await resolveSource(this.client(req.connectionId), req.source)
    const planned = layOut(destination, levels, resolved.files, this.claimedKeys())
    const entries = await Promise.all(
      planned.map(async (p) => ({ ...p, exists: (await this.existing(p.targetPath)) !== null }))
    )
    return { destination, entries, problems: resolved.problems }
  }

  /** Resolves the source, lays the files out and queues them as one batch. */
  async add(req: EngineBatchRequest): Promise<{ batch: DownloadBatch; items: number; problems: Preview['problems'] }> {
    await this.start()
    const destination = this.destinationOf(req)
    const levels = parseTemplate(req.template)
    const resolved = await resolveSource(this.client(req.connectionId), req.source)
    if (resolved.files.length === 0) {
      const why = resolved.problems[0]?.message
      throw new AppError(
        'NotFound',
        why ? `Nothing to download: ${why}` : 'Nothing to download: the selected jobs have no output files.'
      )
    }
    const planned = layOut(destination, levels, resolved.files, this.claimedKeys())
    const now = this.clock().toISOString()
    const batch: DownloadBatch = {
      id: this.newId(),
      connectionId: req.connectionId,
      label: labelOf(req.source, resolved.files.length),
      destination,
      template: req.template,
      collision: req.collision,
      createdAt: now
    }
    this.state.batches.push(batch)
    this.state.destinations[req.connectionId] = destination
    for (const p of planned) {
      const item: DownloadItem = {
        id: this.newId(),
        batchId: batch.id,
        jobId: p.jobId,
        jobName: p.jobName,
        fileName: p.fileName,
        relativePath: p.relativePath,
        targetPath: p.targetPath,
        targetSettled: false,
        state: 'queued',
        bytesDone: 0,
        totalBytes: null,
        attempts: 0,
        restarts: 0,
        createdAt: now
      }
      this.state.items.push(item)
      this.items.set(item.id, item)
      this.markDirty(item)
    }
    await this.store.save()
    for (const item of this.batchItems(batch.id)) this.schedule(item)
    return { batch, items: planned.length, problems: resolved.problems }
  }

  // ---------------------------------------------------------------- controls

  private select(target: DownloadTarget): DownloadItem[] {
    if (target.kind === 'item') {
      const item = this.items.get(target.itemId)
      if (!item) throw new AppError('NotFound', 'That download is no longer in the list.')
      return [item]
    }
    if (target.kind === 'batch') {
      if (!this.state.batches.some((b) => b.id === target.batchId))
        throw new AppError('NotFound', 'That batch is no longer in the list.')
      return this.batchItems(target.batchId)
    }
    return [...this.items.values()]
  }

  async pause(target: DownloadTarget): Promise<number> {
    const waits: Promise<void>[] = []
    let n = 0
    for (const item of this.select(target)) {
      if (item.state === 'queued') {
        this.setState(item, 'paused')
        item.pauseReason = 'user'
        n++
      } else if (item.state === 'active') {
        waits.push(this.stop(item, 'pause'))
        n++
      }
    }
    await Promise.all(waits)
    await this.store.save()
    return n
  }

  async resume(target: DownloadTarget): Promise<number> {
    let n = 0
    for (const item of this.select(target)) {
      if (item.state !== 'paused') continue
      this.requeue(item)
      n++
    }
    await this.store.save()
    return n
  }

  async cancel(target: DownloadTarget): Promise<number> {
    const waits: Promise<void>[] = []
    let n = 0
    for (const item of this.select(target)) {
      if (item.state === 'active') {
        waits.push(this.stop(item, 'cancel'))
        n++
      } else if (item.state === 'queued' || item.state === 'paused' || item.state === 'failed') {
        await this.files.remove(item.targetPath + PART)
        item.bytesDone = 0
        this.setState(item, 'cancelled')
        n++
      }
    }
    await Promise.all(waits)
    await this.store.save()
    return n
  }

  /** Failed items start again; a cancelled one too when it is named on its own ("retry all" leaves cancelled ones be). */
  async retry(target: DownloadTarget): Promise<number> {
    let n = 0
    for (const item of this.select(target)) {
      if (item.state !== 'failed' && !(item.state === 'cancelled' && target.kind === 'item')) continue
      item.attempts = 0
      this.requeue(item)
      n++
    }
    await this.store.save()
    return n
  }

  /** Removes finished items (done, cancelled) from the list, and batches left empty. */
  async clearCompleted(batchId?: string): Promise<number> {
    let n = 0
    for (const item of [...this.items.values()]) {
      if ((batchId && item.batchId !== batchId) || (item.state !== 'done' && item.state !== 'cancelled')) continue
      this.items.delete(item.id)
      this.runtime.delete(item.id)
      this.dirtyItems.delete(item.id)
      this.removedItems.add(item.id)
      n++
    }
    this.state.items = this.state.items.filter((i) => this.items.has(i.id))
    const keep = new Set(this.state.items.map((i) => i.batchId))
    for (const b of this.state.batches) {
      if (!keep.has(b.id)) {
        this.removedBatches.add(b.id)
        this.batchMeters.delete(b.id)
        this.dirtyBatches.delete(b.id)
      }
    }
    this.state.batches = this.state.batches.filter((b) => keep.has(b.id))
    this.startTicker()
    await this.store.save()
    return n
  }

  async setConcurrency(concurrency: number): Promise<void> {
    this.state.settings.concurrency = concurrency
    this.queue.concurrency = concurrency
    await this.store.save()
  }

  async setBandwidthLimit(bytesPerSecond: number | null): Promise<void> {
    this.state.settings.bandwidthLimit = bytesPerSecond
    this.limiter.setLimit(bytesPerSecond)
    await this.store.save()
  }

  /** A connection has signed in: items that waited for it go on. */
  async connectionAvailable(connectionId: string): Promise<number> {
    let n = 0
    for (const item of this.items.values()) {
      if (
        item.state === 'paused' &&
        item.pauseReason === 'offline' &&
        this.batchOf(item)?.connectionId === connectionId
      ) {
        this.requeue(item)
        n++
      }
    }
    await this.store.save()
    return n
  }

  // ---------------------------------------------------------------- reading

  list(): DownloadsList {
    const now = performance.now()
    return {
      settings: { ...this.state.settings },
      batches: this.state.batches.map((b) => ({ ...b, progress: this.batchProgress(b.id, now, false) })),
      items: this.state.items.map((i) => ({ ...i, progress: this.itemProgress(i) }))
    }
  }

  get settings(): DownloadsState['settings'] {
    return { ...this.state.settings }
  }

  /** For tests and the CLI: the stored items. */
  itemsOf(batchId?: string): DownloadItem[] {
    return batchId ? this.batchItems(batchId) : [...this.state.items]
  }

  // ---------------------------------------------------------------- running

  private requeue(item: DownloadItem): void {
    item.error = undefined
    item.pauseReason = undefined
    this.announcedFinished.delete(item.batchId)
    this.setState(item, 'queued')
    this.schedule(item)
  }

  private schedule(item: DownloadItem): void {
    if (this.closed || this.scheduled.has(item.id)) return
    this.scheduled.add(item.id)
    this.queue.add(() => this.run(item.id)).catch(() => {})
  }

  /** Stops a running transfer and waits until its task has let go of the item. */
  private async stop(item: DownloadItem, reason: StopReason): Promise<void> {
    const rt = this.runtime.get(item.id)
    if (!rt?.controller) return
    rt.stopReason = reason
    rt.controller.abort(new Error(reason))
    await rt.settled
  }

  private rt(id: string): Runtime {
    let rt = this.runtime.get(id)
    if (!rt) {
      rt = { meter: new SpeedMeter() }
      this.runtime.set(id, rt)
    }
    return rt
  }

  private async run(id: string): Promise<void> {
    this.scheduled.delete(id)
    const item = this.items.get(id)
    if (!item || item.state !== 'queued' || this.closed) return
    const batch = this.batchOf(item)
    if (!batch) return
    const client = this.options.clients(batch.connectionId)
    if (!client) {
      item.pauseReason = 'offline'
      this.setState(item, 'paused')
      this.saveSoon()
      return
    }
    const rt = this.rt(id)
    const controller = new AbortController()
    let release: () => void = () => {}
    rt.controller = controller
    rt.stopReason = undefined
    rt.settled = new Promise((r) => (release = r))
    rt.meter.reset()
    this.setState(item, 'active')
    this.startTicker()
    const settle = () => {
      rt.controller = undefined
      rt.retryAt = undefined
      this.markDirty(item)
      this.saveSoon()
      release()
    }
    let finish: (() => Promise<void>) | undefined
    try {
      finish = await this.download(item, batch, client, controller.signal)
    } catch (e) {
      await this.afterFailure(item, rt, e, controller.signal)
    }
    if (!finish) return settle()
    // The verified part is renamed into place outside the pool: the next file's transfer starts meanwhile.
    const finishing = finish()
      .catch((e: unknown) => this.afterFailure(item, rt, e, controller.signal))
      .finally(() => {
        settle()
        this.finishing.delete(finishing)
      })
    this.finishing.add(finishing)
  }

  private async afterFailure(item: DownloadItem, rt: Runtime, e: unknown, signal: AbortSignal): Promise<void> {
    if (signal.aborted) {
      if (rt.stopReason === 'pause') {
        item.pauseReason = 'user'
        this.setState(item, 'paused')
      } else if (rt.stopReason === 'cancel') {
        await this.files.remove(item.targetPath + PART).catch(() => {})
        item.bytesDone = 0
        this.setState(item, 'cancelled')
      } else {
        this.setState(item, 'queued')
      }
      return
    }
    const c = e instanceof ItemFailure ? e : classify(e, item.fileName)
    const failure = new ItemFailure(c.code, c.message)
    // A full or read-only disk: give the space back; the part could not be finished anyway.
    if (failure.code === 'Disk') {
      await this.files.remove(item.targetPath + PART).catch(() => {})
      item.bytesDone = 0
    }
    item.error = { code: failure.code, message: failure.message }
    item.finishedAt = this.clock().toISOString()
    this.setState(item, 'failed')
  }

  /** Transfers the file into its verified part; returns the step that puts it in place, or nothing when done already. */
  private async download(
    item: DownloadItem,
    batch: DownloadBatch,
    client: DownloadClient,
    signal: AbortSignal
  ): Promise<(() => Promise<void>) | undefined> {
    if (item.finalizing) {
      if (await this.finishInterrupted(item, item.targetPath + PART)) return undefined
      item.finalizing = undefined
    }
    if (!item.targetSettled) {
      const skipped = await this.settleTarget(item, batch, client, signal)
      if (skipped) return undefined
    }
    const part = item.targetPath + PART
    await this.files.ensureDir(path.dirname(item.targetPath))
    for (;;) {
      try {
        await transferOnce(
          { source: client, files: this.files, limiter: this.limiter },
          {
            jobId: item.jobId,
            fileName: item.fileName,
            partPath: part,
            validator: item.validator,
            totalBytes: item.totalBytes
          },
          {
            onStart: (s) => this.onTransferStart(item, s),
            onBytes: (n) => {
              item.bytesDone += n
              this.markDirty(item)
            }
          },
          signal
        )
        break
      } catch (e) {
        if (signal.aborted) throw e
        const c = classify(e, item.fileName)
        item.attempts++
        if (!c.transient || item.attempts >= this.backoff.maxAttempts) {
          const suffix = c.transient ? ` Gave up after ${item.attempts} attempts.` : ''
          throw new ItemFailure(c.code, c.message + suffix)
        }
        const delay = backoffDelay(this.backoff, item.attempts, this.random, c.retryAfterMs)
        const rt = this.rt(item.id)
        rt.retryAt = new Date(this.clock().getTime() + delay).toISOString()
        item.error = { code: c.code, message: c.message }
        this.markDirty(item)
        await sleep(delay, signal)
        rt.retryAt = undefined
        item.error = undefined
      }
    }
    return async () => {
      // Recorded before the rename, so a crash between the two is recognised on the next start.
      item.finalizing = true
      await this.store.save()
      await this.mark(part, item)
      await this.files.rename(part, item.targetPath)
      await this.files.syncDir(path.dirname(item.targetPath))
      this.complete(item)
    }
  }

  private async mark(file: string, item: DownloadItem): Promise<void> {
    const batch = this.state.batches.find((b) => b.id === item.batchId)
    if (batch && this.options.markDownloaded) await this.options.markDownloaded(file, batch.connectionId)
  }

  private onTransferStart(item: DownloadItem, s: TransferStart): void {
    if (s.restarted) item.restarts++
    item.validator = s.validator
    item.totalBytes = s.totalBytes
    item.bytesDone = s.offset
    this.rt(item.id).meter.reset()
    this.markDirty(item)
    this.saveSoon()
  }

  /** A previous run verified the part and crashed around the rename: finish what it started. */
  private async finishInterrupted(item: DownloadItem, part: string): Promise<boolean> {
    const partSize = await this.files.size(part)
    if (partSize !== null && partSize === item.totalBytes) {
      await this.mark(part, item)
      await this.files.rename(part, item.targetPath)
      await this.files.syncDir(path.dirname(item.targetPath))
      this.complete(item)
      return true
    }
    if (partSize === null && item.totalBytes !== null && (await this.files.size(item.targetPath)) === item.totalBytes) {
      this.complete(item)
      return true
    }
    return false
  }

  private complete(item: DownloadItem): void {
    item.finalizing = undefined
    item.error = undefined
    item.bytesDone = item.totalBytes ?? item.bytesDone
    item.outcome ??= 'downloaded'
    item.finishedAt = this.clock().toISOString()
    this.setState(item, 'done')
  }

  /**
   * Applies the batch's collision mode once, before the first byte: overwrite keeps the path; rename picks
   * `name (n).ext`; skip-same-size asks the server for the size and skips when it matches (else renames,
   * so a different file already there is never destroyed). Returns true when the item was skipped.
   */
  private async settleTarget(
    item: DownloadItem,
    batch: DownloadBatch,
    client: DownloadClient,
    signal: AbortSignal
  ): Promise<boolean> {
    const existing = await this.existing(item.targetPath)
    if (existing) {
      if (batch.collision === 'overwrite') {
        // Replace the file that is there, under the name it has (it may differ by case).
        item.targetPath = existing.path
        item.outcome = 'overwritten'
      } else {
        if (batch.collision === 'skip-same-size') {
          const remote = item.totalBytes ?? (await this.remoteSize(item, client, signal))
          if (remote === existing.size) {
            item.outcome = 'skipped'
            item.targetPath = existing.path
            item.totalBytes = remote
            item.targetSettled = true
            this.complete(item)
            return true
          }
        }
        item.targetPath = await this.freeName(item)
        item.outcome = 'renamed'
      }
      item.relativePath = path.relative(batch.destination, item.targetPath).split(path.sep).join('/')
    }
    item.targetSettled = true
    this.markDirty(item)
    // A new path must be on disk before its part file is.
    if (item.outcome) await this.store.save()
    return false
  }

  /** The file already at `target`, matched without regard to case (as Windows does), with its size. */
  private async existing(target: string): Promise<{ path: string; size: number } | null> {
    const key = collisionKey(path.basename(target))
    const dir = path.dirname(target)
    for (const name of await this.files.list(dir)) {
      if (collisionKey(name) !== key) continue
      const size = await this.files.size(path.join(dir, name))
      if (size !== null) return { path: path.join(dir, name), size }
    }
    return null
  }

  private async remoteSize(item: DownloadItem, client: DownloadClient, signal: AbortSignal): Promise<number | null> {
    const res = await client.openOutput(item.jobId, item.fileName, { signal })
    res.stream.on('error', () => {})
    res.stream.destroy()
    return res.totalBytes ?? res.contentLength
  }

  private async freeName(item: DownloadItem): Promise<string> {
    const claimed = this.claimedKeys(item.id)
    const dir = path.dirname(item.targetPath)
    const base = path.basename(item.targetPath)
    const present = new Set((await this.files.list(dir)).map((n) => collisionKey(n)))
    for (let n = 2; ; n++) {
      const name = numberedName(base, n)
      const candidate = path.join(dir, name)
      if (
        claimed.has(collisionKey(candidate)) ||
        present.has(collisionKey(name)) ||
        present.has(collisionKey(name + PART))
      )
        continue
      return candidate
    }
  }

  // ---------------------------------------------------------------- state and progress

  private batchOf(item: DownloadItem): DownloadBatch | undefined {
    return this.state.batches.find((b) => b.id === item.batchId)
  }

  private batchItems(batchId: string): DownloadItem[] {
    return this.state.items.filter((i) => i.batchId === batchId)
  }

  private setState(item: DownloadItem, state: DownloadItem['state']): void {
    item.state = state
    if (state !== 'paused') item.pauseReason = undefined
    if (state === 'queued' || state === 'active') item.finishedAt = undefined
    this.markDirty(item)
    if (!isLive(state) && !this.announcedFinished.has(item.batchId)) {
      if (!this.batchItems(item.batchId).some((i) => isLive(i.state))) {
        this.announcedFinished.add(item.batchId)
        this.finishedBatches.add(item.batchId)
      }
    }
  }

  private markDirty(item: DownloadItem): void {
    this.dirtyItems.add(item.id)
    this.dirtyBatches.add(item.batchId)
    this.startTicker()
  }

  private startTicker(): void {
    if (this.ticker || this.closed || !this.options.onProgress) return
    this.ticker = setInterval(() => this.tick(), this.options.progressIntervalMs ?? 100)
    this.ticker.unref()
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker)
    this.ticker = undefined
  }

  private itemProgress(item: DownloadItem): ItemProgress {
    const rt = this.runtime.get(item.id)
    const speed = item.state === 'active' ? (rt?.meter.speed ?? 0) : 0
    const remaining = item.totalBytes === null ? null : item.totalBytes - item.bytesDone
    return {
      id: item.id,
      batchId: item.batchId,
      state: item.state,
      targetPath: item.targetPath,
      bytesDone: item.bytesDone,
      totalBytes: item.totalBytes,
      speed,
      eta: item.state === 'active' ? eta(remaining, speed) : null,
      ...(item.pauseReason ? { pauseReason: item.pauseReason } : {}),
      ...(item.outcome ? { outcome: item.outcome } : {}),
      ...(item.error ? { error: item.error } : {}),
      ...(rt?.retryAt ? { retryAt: rt.retryAt } : {})
    }
  }

  private batchProgress(batchId: string, now: number, sample: boolean): BatchProgress {
    const items = this.batchItems(batchId)
    const bytes = sumBytes(items)
    let meter = this.batchMeters.get(batchId)
    if (!meter) {
      meter = new SpeedMeter()
      this.batchMeters.set(batchId, meter)
    }
    const counts = countStates(items)
    const speed = counts.active === 0 ? 0 : sample ? meter.sample(bytes.bytesDone, now) : meter.speed
    const remaining = bytes.estimatedTotal === null ? null : bytes.estimatedTotal - bytes.bytesDone
    return {
      id: batchId,
      bytesDone: bytes.bytesDone,
      totalBytes: bytes.totalBytes,
      speed,
      eta: counts.active ? eta(remaining, speed) : null,
      counts
    }
  }

  private tick(): void {
    const now = performance.now()
    let active = 0
    for (const item of this.items.values()) {
      if (item.state !== 'active') continue
      active++
      this.rt(item.id).meter.sample(item.bytesDone, now)
      this.dirtyItems.add(item.id)
      this.dirtyBatches.add(item.batchId)
    }
    const nothing =
      this.dirtyItems.size +
        this.dirtyBatches.size +
        this.removedItems.size +
        this.removedBatches.size +
        this.finishedBatches.size ===
      0
    if (nothing) {
      if (active === 0) this.stopTicker()
      return
    }
    const all = [...this.items.values()]
    const totalBytes = sumBytes(all)
    const totalSpeed = active === 0 ? 0 : this.totalMeter.sample(totalBytes.bytesDone, now)
    const event: ProgressEvent = {
      items: [...this.dirtyItems].flatMap((id) => {
        const item = this.items.get(id)
        return item ? [this.itemProgress(item)] : []
      }),
      batches: [...this.dirtyBatches].flatMap((id) =>
        this.state.batches.some((b) => b.id === id) ? [this.batchProgress(id, now, true)] : []
      ),
      removedItems: [...this.removedItems],
      removedBatches: [...this.removedBatches],
      total: {
        bytesDone: totalBytes.bytesDone,
        totalBytes: totalBytes.totalBytes,
        speed: totalSpeed,
        eta:
          active === 0 || totalBytes.estimatedTotal === null
            ? null
            : eta(totalBytes.estimatedTotal - totalBytes.bytesDone, totalSpeed),
        counts: countStates(all)
      },
      finishedBatches: [...this.finishedBatches].flatMap((id) => {
        const b = this.state.batches.find((x) => x.id === id)
        return b ? [{ id, destination: b.destination, counts: countStates(this.batchItems(id)) }] : []
      })
    }
    this.dirtyItems.clear()
    this.dirtyBatches.clear()
    this.removedItems.clear()
    this.removedBatches.clear()
    this.finishedBatches.clear()
    if (active > 0 && now - this.lastSave > SAVE_EVERY_MS) {
      this.lastSave = now
      this.store.save().catch(() => {})
    }
    this.options.onProgress?.(event)
  }

  /**
   * Writes the queue within SAVE_DELAY_MS, coalescing bursts. Used where a lost write only costs a little
   * repeated work after a crash; writes that order against the file system are awaited instead.
   */
  private saveSoon(): void {
    if (this.saveTimer || this.closed) return
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined
      this.store.save().catch(() => {})
    }, SAVE_DELAY_MS)
  }

  private snapshot(): DownloadsState {
    return this.state
  }
}

function labelOf(source: BatchSource, files: number): string {
  const n = `${files} file${files === 1 ? '' : 's'}`
  if (source.kind === 'file') return source.fileName
  if (source.kind === 'jobs') return `${source.jobIds.length} job${source.jobIds.length === 1 ? '' : 's'} · ${n}`
  const f = source.filter
  const parts = [
    f.status,
    f.jobType,
    f.nameFilter ? `name contains "${f.nameFilter}"` : undefined,
    f.descriptionFilter ? `description contains "${f.descriptionFilter}"` : undefined,
    f.submitterNameFilter ? `submitted by ${f.submitterNameFilter}` : undefined
  ].filter(Boolean)
  return `${parts.length ? parts.join(', ') : 'All jobs'} · ${n}`
}
