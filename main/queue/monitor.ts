import { systemClock, type Clock } from '../clock'
import type { Job, SkippedItem } from '../../common/domain'
import { toErrorValue, type ErrorValue } from '../../common/errors'
import {
  isWholeQueue,
  sameScope,
  type QueueDelta,
  type QueueScope,
  type QueueSnapshot,
  type QueueStatusCounts
} from '../../common/queue'
import { describeSkipped } from '../granta/tolerant'
import type { QueueCache } from './cache'
import { isEmptyDiff } from './diff'
import { DeltaBook } from './delta-book'
import { cameAndWent, holdsAllOf, listMyJobs, myJobsFromList, pollMyJobs, type PollBaseline } from './my-jobs'
import { countQueue } from './changes-poll'
import { FinishNotices, othersFinished } from './finish-notices'
import { applyListing, defaultLargeAt, QueueLister, type QueueListerOptions } from './queue-lister'
import { allTime, countStatuses, type QueueClient } from './scoped-list'

export type { QueueClient } from './scoped-list'

function* statusesOf(jobs: ReadonlyMap<string, Job>): Generator<string> {
  for (const job of jobs.values()) yield job.status
}

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
  /** Called when someone else's job in the listed scope, seen pending or running by this watch, has just finished. */
  onOtherJobFinished?: (job: Job) => void
  /** Every job a poll saw new or changed (all of them on the first poll after the cache), for the local history. */
  onJobsSeen?: (connectionId: string, jobs: readonly Job[]) => void
  /** One line per job of a list the client could not read. */
  log?: (line: string) => void
  clock?: Clock
  fastMs?: number
  slowMs?: number
  maxBackoffMs?: number
  /** How large scopes are listed: see `QueueLister`. */
  listing?: Omit<QueueListerOptions, 'clock'>
  /** Minimum gap between two emitted deltas (≤ 10 per second by default). */
  emitGapMs?: number
  /** How far behind this computer's clock the server's may run when telling a new job from an old one (60 s). */
  clockSkewMs?: number
  random?: () => number
}

const active = new Set(['Pending', 'Running'])

/**
 * Polls the job list while connected: fast while anything is pending or running, slow when all is settled,
 * not at all while the window is hidden, with backoff on errors. Keeps the last known queue on disk.
 *
 * It lists the view's scope (the server-side part of its filter), not always the whole queue. Whatever the
 * scope, it follows the user's unfinished jobs to notify when one finishes, and keeps the counts by status of
 * the whole queue (from the metrics endpoint when the list is scoped).
 */
export class QueueMonitor {
  private readonly jobs = new Map<string, Job>()
  /** What the renderer has been told, to compute deltas at emit time (coalescing bursts). */
  private readonly book = new DeltaBook()
  private watched: WatchedConnection | null = null
  private cachedFor: string | null = null
  /** The scope to poll, as the view last asked. */
  private scope: QueueScope = {}
  /** The scope `jobs` was listed with. */
  private heldScope: QueueScope = {}
  private counts: QueueStatusCounts | null = null
  /** The jobs of the last list that could not be read. */
  private skipped: SkippedItem[] = []
  /** The user's jobs last seen Pending or Running. */
  private myActive = new Map<string, Job>()
  /** The last successful poll, to notify about the user's jobs that started and finished between two polls. */
  private baseline: PollBaseline | null = null
  private readonly notices: FinishNotices
  private source: 'server' | 'cache' = 'cache'
  private lastUpdated: string | null = null
  private error: ErrorValue | null = null
  private failures = 0
  private visible = true
  private cancelPoll: (() => void) | null = null
  private nextPollAt: number | null = null
  private polling: Promise<void> | null = null
  private cancelEmit: (() => void) | null = null
  private lastEmitAt = 0
  private generation = 0
  private readonly fastMs: number
  private readonly slowMs: number
  private readonly maxBackoffMs: number
  private readonly emitGapMs: number
  private readonly clockSkewMs: number
  private readonly clock: Clock
  private readonly random: () => number
  private readonly lister: QueueLister
  private listerGeneration = -1
  /** Jobs an action changed: the next change poll reads them. */
  private readonly touched = new Set<string>()
  /** Jobs deleted here since the last save. */
  private readonly forgotten = new Set<string>()

  constructor(private readonly options: QueueMonitorOptions) {
    this.fastMs = options.fastMs ?? 2_000
    this.slowMs = options.slowMs ?? 15_000
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000
    this.emitGapMs = options.emitGapMs ?? 100
    this.clockSkewMs = options.clockSkewMs ?? 60_000
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
    this.lister = new QueueLister({ clock: this.clock, ...options.listing })
    this.notices = new FinishNotices(options.onMyJobFinished, options.onOtherJobFinished)
  }

  /** Starts watching a connection: shows its cached queue at once, then polls. */
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
    this.scheduleEmit()
  }

  /** Offline start: show the cached queue of a connection without polling. */
  async showCache(connectionId: string): Promise<void> {
    const cached = await this.options.cache.load(connectionId)
    // A poll of this connection answered while the cache was read: its live list stays.
    if (this.source === 'server' && this.cachedFor === connectionId && this.watched?.connectionId === connectionId)
      return
    this.jobs.clear()
    for (const job of cached?.jobs ?? []) this.jobs.set(job.id, job)
    this.book.markAll()
    this.cachedFor = connectionId
    this.lastUpdated = cached?.lastUpdated ?? null
    this.heldScope = cached?.scope ?? {}
    this.counts = cached?.counts ?? null
    this.skipped = []
    this.source = 'cache'
    this.error = null
    this.scheduleEmit()
  }

  /**
   * Lists only this scope from now on, and polls at once. The renderer gets the difference from the previous
   * list as an ordinary delta. Offline, the scope is kept for the next connection and the cached list stays.
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
    this.scheduleEmit()
  }

  /** Polls now (joins a poll already under way). */
  refresh(): Promise<void> {
    if (!this.watched) return Promise.resolve()
    this.polling ??= this.poll().finally(() => (this.polling = null))
    return this.polling
  }

  /** An action changed these jobs: the next poll reads them, and lists in full if asked. */
  touch(ids: readonly string[], full = false): void {
    for (const id of ids) this.touched.add(id)
    if (full) this.lister.askFull()
  }

  /** The server confirmed these jobs deleted: they leave the list now. */
  forget(ids: readonly string[]): void {
    let any = false
    for (const id of ids) {
      any = this.jobs.delete(id) || any
      this.book.mark([id])
      this.forgotten.add(id)
    }
    if (any) this.scheduleEmit()
  }

  snapshot(): QueueSnapshot {
    this.book.told(this.jobs)
    return { ...this.status(), jobs: [...this.jobs.values()] }
  }

  /** The counts and the jobs held now, for the tray (does not count as telling the renderer, unlike `snapshot`). */
  peek(): { connectionId: string | null; counts: QueueStatusCounts | null; jobs: Job[] } {
    return { connectionId: this.watched?.connectionId ?? null, counts: this.counts, jobs: [...this.jobs.values()] }
  }

  /** The scope of the list held now (does not count as telling the renderer, unlike `snapshot`). */
  listedScope(): QueueScope {
    return { ...this.heldScope }
  }

  job(id: string): Job | undefined {
    return this.jobs.get(id)
  }

  dispose(): void {
    this.unwatch()
    this.cancelEmit?.()
    this.cancelEmit = null
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
      skipped: this.skipped
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
      const startedAt = this.now()
      this.clearPoll()
      try {
        const { client, username } = watched
        if (this.listerGeneration !== generation) this.lister.restart()
        this.listerGeneration = generation
        const before = new Map(this.jobs)
        const touched = [...this.touched]
        this.touched.clear()
        const [listing, counted, mine] = await Promise.all([
          this.lister.list(client, scope, before, touched, (page) => this.showPage(generation, page)),
          this.countQueue(client, scope),
          holdsAllOf(scope, username) ? null : pollMyJobs(client, this.myActive, username)
        ])
        const total = counted ? counted.total : null
        // Scoped away from the user's jobs, one that came and went between two polls is in no list: when the
        // queue grew, look at all of theirs.
        const grew = mine !== null && baseline?.total != null && total !== null && total > baseline.total
        const myAll = grew ? await listMyJobs(client, username) : []
        if (generation !== this.generation) continue
        this.noteSkipped(listing.skipped)
        const scopeChanged = !sameScope(scope, this.heldScope)
        const diff = applyListing(this.jobs, before, listing, !scopeChanged)
        this.book.markDiff(diff)
        this.heldScope = scope
        this.counts = counted ?? countStatuses(statusesOf(this.jobs))
        const my = mine ?? myJobsFromList(this.myActive, this.jobs.values(), username)
        // Only a job new to the list, or one of the user's listed apart, can have come and gone unseen.
        const fresh = [...diff.added, ...myAll.filter((j) => !before.has(j.id))]
        const quick = baseline ? cameAndWent(fresh, username, baseline, this.clockSkewMs) : []
        this.baseline = {
          generation,
          startedAt,
          total,
          known: new Set([...myAll.map((j) => j.id), ...my.active.keys()])
        }
        this.myActive = my.active
        this.lastUpdated = this.clock.now().toISOString()
        const wasCache = this.source === 'cache'
        this.source = 'server'
        this.error = null
        this.failures = 0
        this.cachedFor = watched.connectionId
        const seenNow = wasCache
          ? [...this.jobs.values(), ...myAll]
          : [...diff.added, ...diff.changed, ...myAll, ...my.finished]
        if (seenNow.length > 0) this.options.onJobsSeen?.(watched.connectionId, seenNow)
        for (const job of [...my.finished, ...quick]) this.notices.tell(job, true)
        if (!wasCache && !scopeChanged) {
          for (const job of othersFinished(before, diff.changed, username)) this.notices.tell(job, false)
        }
        // The window hears of the new list before the copy on disk is written.
        this.scheduleEmit()
        const forgotten = [...this.forgotten]
        this.forgotten.clear()
        if (!isEmptyDiff(diff) || forgotten.length > 0 || wasCache || scopeChanged) {
          const changed = wasCache || scopeChanged ? undefined : { ...diff, removed: [...diff.removed, ...forgotten] }
          const { connectionId } = watched
          const jobs = [...this.jobs.values()]
          const saved = { connectionId, lastUpdated: this.lastUpdated, scope, counts: this.counts, jobs }
          await this.options.cache.save(saved, changed).catch(() => {})
        }
        this.schedulePoll(this.anyActive() ? this.fastMs : this.slowMs)
      } catch (e) {
        if (generation !== this.generation) continue
        this.failures++
        this.error = toErrorValue(e)
        this.source = 'cache'
        this.scheduleEmit()
        const backoff = Math.min(this.maxBackoffMs, this.fastMs * 2 ** this.failures)
        this.schedulePoll(backoff / 2 + (this.random() * backoff) / 2)
      }
      // The scope may have changed while the cache was written: then this poll listed the old one.
      if (generation === this.generation) return
    }
  }

  /** The whole queue's counts, when the scope's own list does not hold them. */
  private async countQueue(client: QueueClient, scope: QueueScope): Promise<QueueStatusCounts | null> {
    if (isWholeQueue(scope)) return null
    if ((this.counts?.total ?? 0) >= (this.options.listing?.largeAt ?? defaultLargeAt)) return countQueue(client)
    return countStatuses((await client.metrics(allTime)).jobs.map((j) => j.status))
  }

  /** A page of a full list, shown as it arrives (the first screen of a large queue does not wait for the rest). */
  private showPage(generation: number, jobs: readonly Job[]): void {
    if (generation !== this.generation) return
    for (const job of jobs) this.jobs.set(job.id, job)
    this.book.mark(jobs.map((j) => j.id))
    this.scheduleEmit()
  }

  /** Logs the unreadable jobs that were not in the previous list's report, and keeps the report for the view. */
  private noteSkipped(skipped: SkippedItem[]): void {
    const key = (s: SkippedItem) => `${s.id}|${s.field}|${s.reason}`
    const before = new Set(this.skipped.map(key))
    for (const s of skipped) if (!before.has(key(s))) this.options.log?.(describeSkipped('Listing jobs', s))
    this.skipped = skipped
  }

  /** Fast polling while a listed job, or one of the user's own, is pending or running. */
  private anyActive(): boolean {
    if (this.myActive.size > 0) return true
    for (const job of this.jobs.values()) if (active.has(job.status)) return true
    return false
  }

  private schedulePoll(ms: number): void {
    this.clearPoll()
    if (!this.visible || !this.watched) return
    this.nextPollAt = this.now() + ms
    this.cancelPoll = this.clock.setTimeout(() => void this.refresh(), ms, { unref: true })
  }

  private clearPoll(): void {
    this.cancelPoll?.()
    this.cancelPoll = null
    this.nextPollAt = null
  }

  private scheduleEmit(): void {
    if (this.cancelEmit) return
    const wait = Math.max(0, this.lastEmitAt + this.emitGapMs - this.now())
    this.cancelEmit = this.clock.setTimeout(
      () => {
        this.cancelEmit = null
        this.lastEmitAt = this.now()
        this.flush()
      },
      wait,
      { unref: true }
    )
  }

  private now(): number {
    return this.clock.now().getTime()
  }

  private flush(): void {
    this.options.emit({ ...this.status(), ...this.book.take(this.jobs) })
  }
}
