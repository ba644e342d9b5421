import { randomUUID } from 'node:crypto'
import PQueue from 'p-queue'
import type {
  DownloadBatch,
  DownloadItem,
  DownloadSettings,
  DownloadsList,
  DownloadsState,
  DownloadTarget,
  Preview,
  ProgressEvent
} from '../../common/downloads'
import { AppError } from '../../common/errors'
import { PART } from './item-runner'
import { PartJournal } from './part-journal'
import { systemClock, type Clock } from '../clock'
import { BandwidthLimiter } from './bandwidth'
import { BatchPlanner, type EngineBatchRequest } from './batch-planner'
import { defaultBackoff, type BackoffPolicy } from './errors'
import { nodeFileOps, type FileOps } from './file-ops'
import { ItemTasks } from './item-task'
import { LazyFeed } from './lazy-feed'
import { LiveIndex } from './live-index'
import { ProgressReporter } from './progress-reporter'
import { SaveScheduler } from './save-scheduler'
import type { ClientProvider, DownloadClient } from './source'
import { DownloadsStore, emptyState, type LoadNotice } from './store'
import { TargetResolver } from './target-resolver'
import { say } from './wording'

export interface DownloadEngineOptions {
  /** downloads.json lives here. */
  dataDir: string
  /** The signed-in client of a connection, or undefined while it is not signed in. */
  clients: ClientProvider
  files?: FileOps
  clock?: Clock
  random?: () => number
  backoff?: Partial<BackoffPolicy>
  /** Progress events at most this often (default 100 ms: ≤ 10 per second). */
  progressIntervalMs?: number
  onProgress?: (event: ProgressEvent) => void
  newId?: () => string
  /** Marks a verified file before it is renamed into place (the Mark of the Web on Windows; see zone.ts). */
  markDownloaded?: (file: string) => Promise<void>
}

/**
 * The download manager: a persistent queue of files, transferred by a bounded pool, each item moving
 * queued → active → done | failed | cancelled (or paused), written to `<final>.part` and renamed into
 * place only when complete and verified. The engine holds the state machine; targets, transfers,
 * progress events and saving are each their own unit.
 */
export class DownloadEngine {
  private readonly files: FileOps
  private readonly clock: Clock
  private readonly store: DownloadsStore
  private readonly journal: PartJournal
  private readonly queue: PQueue
  private readonly feed: LazyFeed
  private readonly limiter: BandwidthLimiter
  private readonly targets: TargetResolver
  private readonly planner: BatchPlanner
  private readonly tasks: ItemTasks
  private readonly progress: ProgressReporter
  private readonly saves: SaveScheduler
  private state: DownloadsState
  private readonly items = new Map<string, DownloadItem>()
  private readonly live = new LiveIndex()
  private readonly scheduled = new Set<string>()
  private readonly announcedFinished = new Set<string>()
  private closed = false
  private started: Promise<void> | undefined
  /** What happened to downloads.json when it was loaded. */
  loadNotice: LoadNotice

  constructor(private readonly options: DownloadEngineOptions) {
    this.files = options.files ?? nodeFileOps
    this.clock = options.clock ?? systemClock
    this.state = emptyState()
    this.journal = new PartJournal(options.dataDir)
    this.store = new DownloadsStore(
      options.dataDir,
      () => this.state,
      () => this.clock.now()
    )
    this.queue = new PQueue({ concurrency: this.state.settings.concurrency, autoStart: false })
    this.feed = new LazyFeed(this.queue, (id) => this.run(id))
    this.limiter = new BandwidthLimiter(null)
    this.targets = new TargetResolver(this.files, () => this.items.values(), this.live)
    this.planner = new BatchPlanner(this.targets, this.clock, options.newId ?? randomUUID)
    this.saves = new SaveScheduler(() => this.store.save(), this.clock)
    this.progress = new ProgressReporter(
      {
        items: () => this.items.values(),
        item: (id) => this.items.get(id),
        batches: () => this.state.batches,
        batchItems: (id) => this.batchItems(id),
        runtime: (id) => this.tasks.runtime(id)
      },
      {
        clock: this.clock,
        intervalMs: options.progressIntervalMs,
        onProgress: options.onProgress,
        afterTick: (now, active) => this.saves.tick(now, active)
      }
    )
    this.tasks = new ItemTasks({
      clock: this.clock,
      files: this.files,
      limiter: this.limiter,
      random: options.random ?? Math.random,
      backoff: { ...defaultBackoff, ...options.backoff },
      targets: this.targets,
      setState: (item, state) => this.setState(item, state),
      changed: (item) => this.progress.changed(item),
      save: () => this.store.save(),
      saveSoon: () => this.saves.soon(),
      markDownloaded: options.markDownloaded,
      journal: this.journal
    })
  }

  /** Loads downloads.json and resumes what was interrupted. Every caller waits for the same load. */
  start(): Promise<void> {
    this.started ??= this.load()
    return this.started
  }

  private async load(): Promise<void> {
    await this.journal.load()
    await this.journal.compact()
    const { state, notice } = await this.store.load()
    this.loadNotice = notice
    this.state = state
    for (const item of state.items) {
      if (item.state === 'active') item.state = 'queued'
      if (this.journal.isFinalizing(item.targetPath + PART)) item.finalizing = item.targetSettled = true
      this.items.set(item.id, item)
      this.live.add(item)
    }
    this.queue.concurrency = state.settings.concurrency
    this.limiter.setLimit(state.settings.bandwidthLimit)
    for (const batch of state.batches) if (this.live.liveIn(batch.id) === 0) this.announcedFinished.add(batch.id)
    for (const item of this.items.values()) if (item.state === 'queued') this.schedule(item)
    this.queue.start()
    await this.store.save()
  }

  /** Stops every transfer, keeps them queued for the next start, and writes the queue. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.queue.pause()
    this.feed.clear()
    this.queue.clear()
    await this.tasks.stopAll()
    this.saves.close()
    this.progress.close()
    await this.store.save()
    await this.store.flush()
    await this.journal.compact().catch(() => {})
  }

  /** Sends the progress event for what changed since the last one now (the command line's last line). */
  flushProgress(): void {
    this.progress.flush()
  }

  /** Resolves when nothing is queued or running. */
  async whenIdle(): Promise<void> {
    do {
      await this.queue.onIdle()
      await this.tasks.whenFinished()
    } while (this.feed.size + this.queue.size + this.queue.pending + this.tasks.finishingCount > 0)
    await this.store.save()
  }

  private client(connectionId: string): DownloadClient {
    const c = this.options.clients(connectionId)
    if (!c) throw new AppError('NotConnected', say.notConnected)
    return c
  }

  /** The default folder from Settings, else the folder last used with the connection. */
  destinationFor(connectionId: string): string | null {
    return this.state.settings.defaultFolder ?? this.state.destinations[connectionId] ?? null
  }

  /** The paths a batch would produce, without starting anything. */
  async preview(req: EngineBatchRequest): Promise<Preview> {
    return this.planner.preview(this.client(req.connectionId), req, this.destinationFor(req.connectionId))
  }

  /** Resolves the source, lays the files out and queues them as one batch. */
  async add(req: EngineBatchRequest): Promise<{ batch: DownloadBatch; items: number; problems: Preview['problems'] }> {
    await this.start()
    const { batch, items, problems } = await this.planner.plan(
      this.client(req.connectionId),
      req,
      this.destinationFor(req.connectionId)
    )
    this.state.batches.push(batch)
    this.state.destinations[req.connectionId] = batch.destination
    for (const item of items) {
      this.state.items.push(item)
      this.items.set(item.id, item)
      this.live.add(item)
      this.progress.changed(item)
    }
    await this.store.save()
    for (const item of items) this.schedule(item)
    return { batch, items: items.length, problems }
  }

  private select(target: DownloadTarget): DownloadItem[] {
    if (target.kind === 'item') {
      const item = this.items.get(target.itemId)
      if (!item) throw new AppError('NotFound', say.itemGone)
      return [item]
    }
    if (target.kind === 'batch') {
      if (!this.state.batches.some((b) => b.id === target.batchId)) throw new AppError('NotFound', say.batchGone)
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
        waits.push(this.tasks.stop(item, 'pause'))
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
        waits.push(this.tasks.stop(item, 'cancel'))
        n++
      } else if (item.state === 'queued' || item.state === 'paused' || item.state === 'failed') {
        await this.tasks.dropPart(item)
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
      this.tasks.forget(item.id)
      this.progress.itemRemoved(item.id)
      n++
    }
    this.state.items = this.state.items.filter((i) => this.items.has(i.id))
    const keep = new Set(this.state.items.map((i) => i.batchId))
    for (const b of this.state.batches) if (!keep.has(b.id)) this.progress.batchRemoved(b.id)
    this.state.batches = this.state.batches.filter((b) => keep.has(b.id))
    this.progress.start()
    await this.store.save()
    return n
  }

  /** Saves changed settings and applies them at once: parallel downloads, the bandwidth limit, the default folder. */
  async updateSettings(change: Partial<DownloadSettings>): Promise<void> {
    Object.assign(this.state.settings, change)
    if (change.concurrency !== undefined) this.queue.concurrency = change.concurrency
    if (change.bandwidthLimit !== undefined) this.limiter.setLimit(change.bandwidthLimit)
    await this.store.save()
  }

  /** A connection has signed in (again): items that waited for it go on. */
  async connectionAvailable(connectionId: string): Promise<number> {
    let n = 0
    for (const item of this.items.values()) {
      if (
        item.state === 'paused' &&
        (item.pauseReason === 'offline' || item.pauseReason === 'signIn') &&
        this.batchOf(item)?.connectionId === connectionId
      ) {
        this.requeue(item)
        n++
      }
    }
    await this.store.save()
    return n
  }

  list(): DownloadsList {
    const now = performance.now()
    return {
      settings: { ...this.state.settings },
      batches: this.state.batches.map((b) => ({ ...b, progress: this.progress.batchProgress(b.id, now, false) })),
      items: this.state.items.map((i) => ({ ...i, progress: this.progress.itemProgress(i) }))
    }
  }

  get settings(): DownloadsState['settings'] {
    return { ...this.state.settings }
  }

  /** For tests and the CLI: the stored items. */
  itemsOf(batchId?: string): DownloadItem[] {
    return batchId ? this.batchItems(batchId) : [...this.state.items]
  }

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
    this.feed.push(item.id)
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
      this.saves.soon()
      return
    }
    await this.tasks.run(item, batch, client)
  }

  private batchOf(item: DownloadItem): DownloadBatch | undefined {
    return this.state.batches.find((b) => b.id === item.batchId)
  }

  private batchItems(batchId: string): DownloadItem[] {
    return this.state.items.filter((i) => i.batchId === batchId)
  }

  private setState(item: DownloadItem, state: DownloadItem['state']): void {
    this.live.change(item, state)
    item.state = state
    if (state !== 'paused') item.pauseReason = undefined
    if (state === 'queued' || state === 'active') item.finishedAt = undefined
    this.progress.changed(item)
    if (this.live.liveIn(item.batchId) === 0 && !this.announcedFinished.has(item.batchId)) {
      this.announcedFinished.add(item.batchId)
      this.progress.batchFinished(item.batchId)
    }
  }
}
