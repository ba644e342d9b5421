import { systemClock, type Clock } from '../clock'
import type { Job, SkippedItem } from '../../common/domain'
import { toErrorValue, type ErrorValue } from '../../common/errors'
import {
  sameScope,
  type Listing,
  type QueueDelta,
  type QueueScope,
  type QueueSnapshot,
  type QueueStatusCounts
} from '../../common/queue'
import { describeSkipped } from '../granta/tolerant'
import type { QueueCache } from './cache'
import { CacheWriter } from './cache-writer'
import { JobTable } from './job-table'
import { Throttle } from './throttle'
import { listAll, listChanges, type Baseline, type Learnt, type StepContext } from './poll-steps'
import { countHeld, countStatuses, keepsStatus, mergeSkipped, type QueueClient } from './scoped-list'

export type { QueueClient } from './scoped-list'

/** The connection the monitor watches. */
export interface WatchedConnection {
  connectionId: string
  username: string
  client: QueueClient
}

export interface QueueMonitorOptions {
  cache: QueueCache
  /** Receives throttled deltas: what the renderer must apply to what it was last told. */
  emit: (delta: QueueDelta) => void
  /** Called when one of the user's own jobs has just finished, failed or was cancelled. */
  onMyJobFinished?: (job: Job) => void
  /** One line per job of a list the client could not read. */
  log?: (line: string) => void
  clock?: Clock
  fastMs?: number
  slowMs?: number
  /** How often the whole scope is listed again, page by page (5 minutes); polls in between ask only what changes. */
  fullMs?: number
  /** Jobs per page of a full listing (1,000). */
  pageSize?: number
  maxBackoffMs?: number
  /** Minimum gap between two emitted deltas (≤ 10 per second by default). */
  emitGapMs?: number
  /** How far behind this computer's clock the server's may run when telling a new job from an old one (60 s). */
  clockSkewMs?: number
  random?: () => number
}

/** Jobs already notified, remembered so none is notified twice (across scopes and reconnects). */
const notifiedMemory = 1_000

/**
 * Follows the queue while connected. Each poll asks only for the Pending and Running jobs (and the user's
 * unfinished ones) and reads once each job that left those lists; on connect, on a scope change, every few
 * minutes and on demand it lists the whole scope again by pages, each shown as it arrives. Polls fast while
 * anything runs, slow when all is settled, not at all while hidden, with backoff on errors. Keeps the last
 * known queue on disk. It lists the view's scope (the server-side part of its filter); whatever the scope, it
 * follows the user's unfinished jobs to notify when one finishes, and keeps the counts by status of the whole
 * queue (from the metrics endpoint when the list is scoped).
 */
export class QueueMonitor {
  private readonly table = new JobTable()
  private readonly copy: CacheWriter
  private readonly emits: Throttle
  private watched: WatchedConnection | null = null
  private cachedFor: string | null = null
  /** The scope to poll, as the view last asked. */
  private scope: QueueScope = {}
  /** The scope `table` was listed with. */
  private heldScope: QueueScope = {}
  private counts: QueueStatusCounts | null = null
  /** The unreadable jobs of the last full pass, and of the last poll. */
  private passSkipped: SkippedItem[] = []
  private skipped: SkippedItem[] = []
  /** Jobs of the scope (its status aside) last seen Pending or Running. */
  private active = new Set<string>()
  /** The user's jobs last seen Pending or Running. */
  private myActive = new Map<string, Job>()
  /** The last successful poll, to notify about the user's jobs that started and finished between two polls. */
  private baseline: Baseline | null = null
  private readonly notified = new Set<string>()
  /** The generation of the last full pass, when the next is due, and whether one was asked for. */
  private passGeneration = -1
  private nextFullAt = 0
  private fullRequested = false
  private source: 'server' | 'cache' = 'cache'
  private lastUpdated: string | null = null
  private listing: Listing | null = null
  private error: ErrorValue | null = null
  private failures = 0
  private visible = true
  private cancelPoll: (() => void) | null = null
  private nextPollAt: number | null = null
  private polling: Promise<void> | null = null
  private resetPending = false
  private generation = 0
  private readonly cfg: Required<Omit<QueueMonitorOptions, 'cache' | 'emit' | 'onMyJobFinished' | 'log'>>

  constructor(private readonly options: QueueMonitorOptions) {
    this.cfg = {
      fastMs: 2_000,
      slowMs: 15_000,
      fullMs: 300_000,
      pageSize: 1_000,
      maxBackoffMs: 60_000,
      emitGapMs: 100,
      clockSkewMs: 60_000,
      clock: systemClock,
      random: Math.random,
      // The options given, less those left undefined (so the defaults stay).
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
    }
    this.copy = new CacheWriter(options.cache, this.table)
    this.emits = new Throttle(this.cfg.clock, this.cfg.emitGapMs, () => this.flush())
  }

  /** Starts watching a connection: shows its cached queue at once, then lists it page by page. */
  async watch(connection: WatchedConnection): Promise<void> {
    const same = this.watched?.connectionId === connection.connectionId
    if (!same || this.watched?.username !== connection.username) this.myActive = new Map()
    this.watched = connection
    this.generation++
    this.failures = 0
    if (!same) await this.showCache(connection.connectionId)
    await this.refresh()
  }

  /** Stops polling (disconnected): the last known queue stays, read-only. */
  unwatch(): void {
    this.watched = null
    this.generation++
    this.clearPoll()
    this.source = 'cache'
    this.error = null
    this.listing = null
    this.emits.schedule()
  }

  /** Offline start: show the cached queue of a connection without polling. */
  async showCache(connectionId: string): Promise<void> {
    const cached = await this.options.cache.load(connectionId)
    // A poll of this connection answered while the cache was read: its live list stays.
    if (this.source === 'server' && this.cachedFor === connectionId && this.watched?.connectionId === connectionId)
      return
    this.table.replace(cached?.jobs ?? [])
    this.active = new Set()
    this.cachedFor = connectionId
    this.copy.forget()
    this.lastUpdated = cached?.lastUpdated ?? null
    this.heldScope = cached?.scope ?? {}
    this.counts = cached?.counts ?? null
    this.skipped = []
    this.passSkipped = []
    this.source = 'cache'
    this.error = null
    this.resetPending = true
    this.emits.schedule()
  }

  /**
   * Lists only this scope from now on, and polls at once. The renderer gets the difference from the previous
   * list as ordinary deltas. Offline, the scope is kept for the next connection and the cached list stays.
   */
  setScope(scope: QueueScope): Promise<void> {
    if (sameScope(scope, this.scope)) return this.polling ?? Promise.resolve()
    this.scope = { ...scope }
    if (!this.watched) return Promise.resolve()
    this.generation++
    this.failures = 0
    return this.refresh()
  }

  setVisible(visible: boolean): void {
    if (this.visible === visible) return
    this.visible = visible
    if (!visible) this.clearPoll()
    else if (this.watched) void this.refresh()
    this.emits.schedule()
  }

  /** Polls now (joins a poll already under way): what changes only, unless a full pass is due. */
  refresh(): Promise<void> {
    if (!this.watched) return Promise.resolve()
    this.polling ??= this.poll().finally(() => (this.polling = null))
    return this.polling
  }

  /** Lists the whole scope again now, page by page (the user's refresh). */
  async relist(): Promise<void> {
    this.fullRequested = true
    await this.refresh()
    // A poll already under way when asked was not a full one.
    if (this.fullRequested) await this.refresh()
  }

  /** What an action of the user's told: the jobs as the server answered them, and the ids it deleted. */
  learn(jobs: readonly Job[], removed: readonly string[] = []): void {
    for (const job of jobs) {
      if (keepsStatus(this.heldScope, job)) this.table.put(job)
      else this.table.remove(job.id)
    }
    for (const id of removed) this.table.remove(id)
    this.emits.schedule()
  }

  snapshot(): QueueSnapshot {
    this.table.markTold()
    this.resetPending = false
    return { ...this.status(), jobs: [...this.table.values()] }
  }

  /** The counts and the jobs held now, for the tray (does not count as telling the renderer, unlike `snapshot`). */
  peek(): { connectionId: string | null; counts: QueueStatusCounts | null; jobs: Job[] } {
    return { connectionId: this.watched?.connectionId ?? null, counts: this.counts, jobs: [...this.table.values()] }
  }

  /** The scope of the list held now (does not count as telling the renderer, unlike `snapshot`). */
  listedScope(): QueueScope {
    return { ...this.heldScope }
  }

  job(id: string): Job | undefined {
    return this.table.get(id)
  }

  dispose(): void {
    this.unwatch()
    this.emits.stop()
  }

  private status(): Omit<QueueSnapshot, 'jobs'> {
    return {
      connectionId: this.watched?.connectionId ?? this.cachedFor,
      source: this.source,
      lastUpdated: this.lastUpdated,
      error: this.error,
      nextPollMs: this.nextPollAt === null ? null : Math.max(0, this.nextPollAt - this.now()),
      paused: !this.visible || !this.watched,
      scope: { ...this.heldScope },
      counts: this.counts,
      skipped: this.skipped,
      listing: this.listing
    }
  }

  /** One poll; polls again at once when the scope or the connection changed while it was under way. */
  private async poll(): Promise<void> {
    for (;;) {
      const watched = this.watched
      if (!watched) return
      const generation = this.generation
      const scope = this.scope
      // Only a poll of the same watch and scope tells a new job from one that came into view (first load, scope change).
      const baseline = this.baseline?.generation === generation ? this.baseline : null
      const full = this.fullRequested || this.passGeneration !== generation || this.now() >= this.nextFullAt
      const startedAt = this.now()
      this.clearPoll()
      try {
        const step = this.stepContext(watched, scope, generation, baseline)
        const learnt = full ? await listAll(step) : await listChanges(step)
        if (generation !== this.generation) continue
        // Too many jobs left the lists at once: the whole scope is listed instead.
        if (learnt === 'relist' || !learnt) {
          this.fullRequested = true
          continue
        }
        if (full) {
          this.passSkipped = learnt.skipped
          this.passGeneration = generation
          this.nextFullAt = this.now() + this.cfg.fullMs
          this.fullRequested = false
        }
        await this.settle(watched, scope, generation, startedAt, learnt)
      } catch (e) {
        if (generation !== this.generation) continue
        this.failures++
        this.listing = null
        this.error = toErrorValue(e)
        this.source = 'cache'
        this.emits.schedule()
        const backoff = Math.min(this.cfg.maxBackoffMs, this.cfg.fastMs * 2 ** this.failures)
        this.schedulePoll(backoff / 2 + (this.cfg.random() * backoff) / 2)
      }
      // The scope may have changed while the cache was written: then this poll listed the old one.
      if (generation === this.generation) return
    }
  }

  private stepContext(
    watched: WatchedConnection,
    scope: QueueScope,
    generation: number,
    baseline: Baseline | null
  ): StepContext {
    return {
      client: watched.client,
      username: watched.username,
      scope,
      table: this.table,
      active: this.active,
      myActive: this.myActive,
      baseline,
      pageSize: this.cfg.pageSize,
      clockSkewMs: this.cfg.clockSkewMs,
      current: () => generation === this.generation,
      // The first page is on screen as soon as it is in: the rest streams in behind it.
      onPage: (progress) => {
        this.source = 'server'
        this.error = null
        this.cachedFor = watched.connectionId
        // Only the first pass of a watch or scope shows its progress; the later ones refresh a whole list.
        this.listing = this.passGeneration === generation ? null : progress
        this.emits.schedule()
      }
    }
  }

  /** After a successful poll: status, counts, notifications, the cache, the next poll. */
  private async settle(
    watched: WatchedConnection,
    scope: QueueScope,
    generation: number,
    startedAt: number,
    learnt: Learnt
  ): Promise<void> {
    const scopeChanged = !sameScope(scope, this.heldScope)
    this.listing = null
    this.heldScope = scope
    this.noteSkipped(mergeSkipped(this.passSkipped, learnt.skipped))
    this.counts = learnt.metrics
      ? countStatuses(learnt.metrics.jobs.map((j) => j.status))
      : countHeld(this.table.values(), learnt.serverTotal)
    this.baseline = {
      generation,
      startedAt,
      total: learnt.metrics ? learnt.metrics.jobs.length : null,
      unseen: learnt.unseen
    }
    this.active = learnt.active
    this.myActive = learnt.my.active
    const lastUpdated = this.cfg.clock.now().toISOString()
    this.lastUpdated = lastUpdated
    this.source = 'server'
    this.error = null
    this.failures = 0
    this.cachedFor = watched.connectionId
    for (const job of [...learnt.my.finished, ...learnt.quick]) this.notifyOnce(job)
    await this.copy.write(watched.connectionId, { lastUpdated, scope, counts: this.counts, scopeChanged })
    this.emits.schedule()
    this.schedulePoll(this.anyActive() ? this.cfg.fastMs : this.cfg.slowMs)
  }

  /** Logs the unreadable jobs that were not in the previous report, and keeps the report for the view. */
  private noteSkipped(skipped: SkippedItem[]): void {
    const key = (s: SkippedItem) => `${s.id}|${s.field}|${s.reason}`
    const before = new Set(this.skipped.map(key))
    for (const s of skipped) if (!before.has(key(s))) this.options.log?.(describeSkipped('Listing jobs', s))
    this.skipped = skipped
  }

  private notifyOnce(job: Job): void {
    if (this.notified.has(job.id)) return
    this.notified.add(job.id)
    if (this.notified.size > notifiedMemory) this.notified.delete(this.notified.values().next().value as string)
    this.options.onMyJobFinished?.(job)
  }

  /** Fast polling while a job of the scope, or one of the user's own, is pending or running. */
  private anyActive(): boolean {
    return this.myActive.size > 0 || this.active.size > 0
  }

  private schedulePoll(ms: number): void {
    this.clearPoll()
    if (!this.visible || !this.watched) return
    this.nextPollAt = this.now() + ms
    this.cancelPoll = this.cfg.clock.setTimeout(() => void this.refresh(), ms, { unref: true })
  }

  private clearPoll(): void {
    this.cancelPoll?.()
    this.cancelPoll = null
    this.nextPollAt = null
  }

  private now(): number {
    return this.cfg.clock.now().getTime()
  }

  private flush(): void {
    const reset = this.resetPending
    const diff = this.table.takeDelta(reset)
    this.resetPending = false
    this.options.emit({ ...this.status(), reset, ...diff })
  }
}
