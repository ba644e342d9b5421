import { systemClock, type Clock } from '../clock'
import { randomUUID } from 'node:crypto'
import type { JobRequestInput } from '../../common/job-request'
import type {
  DraftFile,
  DraftList,
  DraftProblem,
  DraftRecord,
  DraftSummary,
  DraftView,
  DraftsChanged
} from '../../common/drafts'
import { AppError, type ErrorValue } from '../../common/errors'
import { DeltaThrottle } from './delta-throttle'
import { deriveState, type DerivedState } from './derive-state'
import {
  busy,
  copyName,
  displayName,
  filesFor,
  parseRequest,
  relinkRecord,
  toSummary,
  toView,
  withHashes,
  type FileMoves
} from './draft-records'
import { DraftStore } from './draft-store'
import { FileChecker } from './fingerprint'
import { KeyedLock } from './keyed-lock'
import { PendingDeletes } from './pending-deletes'

export { displayName } from './draft-records'

export interface DraftServiceOptions {
  dataDir: string
  /** Receives `drafts.changed` deltas, at most ten times a second. */
  onChanged?: (delta: DraftsChanged) => void
  clock?: Clock
  /** How long a deletion can be undone. */
  undoWindowMs?: number
  changedIntervalMs?: number
  /** Whether the user granted a path (main/files' PathGrants); files not granted are never stat-ed or read. */
  mayTouch?: (path: string) => boolean
}

/**
 * Offline drafts: create, edit, validate, copy, delete with undo, archive. Needs no connection.
 * Each draft is one atomically written file (see DraftStore); its state is derived from the record,
 * its files on disk and the request rules, on load and on `refresh()`.
 */
export class DraftService {
  readonly store: DraftStore
  readonly checker: FileChecker
  private readonly clock: Clock
  private readonly records = new Map<string, DraftRecord>()
  private readonly derived = new Map<string, DerivedState>()
  private readonly submitting = new Set<string>()
  private readonly locks = new KeyedLock()
  private readonly pendingDeletes: PendingDeletes
  private readonly announced = new Map<string, string>()
  private readonly changed: DeltaThrottle<string, DraftSummary>
  private problems: DraftProblem[] = []
  private loading: Promise<void> | null = null

  constructor(private readonly options: DraftServiceOptions) {
    this.clock = options.clock ?? systemClock
    const now = () => this.clock.now()
    this.store = new DraftStore(options.dataDir, now)
    this.checker = new FileChecker(now, options.mayTouch)
    this.pendingDeletes = new PendingDeletes(this.clock, options.undoWindowMs ?? 8000, (id) => this.store.purge(id))
    this.changed = new DeltaThrottle(
      (changed, removed) => options.onChanged?.({ changed, removed }),
      options.changedIntervalMs ?? 100,
      this.clock
    )
  }

  async list(options: { includeArchived?: boolean } = {}): Promise<DraftList> {
    await this.load()
    const drafts = [...this.records.values()]
      .filter((r) => options.includeArchived || r.archivedAt === null)
      .map((r) => this.summary(r))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    return { drafts, problems: [...this.problems] }
  }

  async get(id: string): Promise<DraftView> {
    await this.load()
    this.require(id)
    return this.withLock(id, async () => {
      await this.rederive(id)
      return this.view(this.require(id))
    })
  }

  /** Re-checks every draft's files and rules (the window regained focus). Returns the drafts whose state changed. */
  async refresh(): Promise<DraftSummary[]> {
    await this.load()
    const changed: DraftSummary[] = []
    for (const id of [...this.records.keys()]) {
      const before = JSON.stringify(this.derived.get(id))
      await this.withLock(id, () => this.rederive(id))
      if (this.records.has(id) && JSON.stringify(this.derived.get(id)) !== before)
        changed.push(this.summary(this.require(id)))
    }
    return changed
  }

  async create(input: JobRequestInput): Promise<DraftView> {
    await this.load()
    const request = parseRequest(input)
    const now = this.clock.now().toISOString()
    const record: DraftRecord = {
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
      request,
      files: await filesFor(request, [], this.checker),
      submission: null,
      lastError: null,
      archivedAt: null,
      source: { kind: 'new' }
    }
    return this.insert(record)
  }

  async update(id: string, input: JobRequestInput): Promise<DraftView> {
    await this.load()
    const request = parseRequest(input)
    return this.mutate(id, async (r) => {
      this.requireEditable(r)
      return {
        ...r,
        request,
        files: await filesFor(request, r.files, this.checker),
        updatedAt: this.now(),
        lastError: null
      }
    })
  }

  async rename(id: string, name: string): Promise<DraftView> {
    await this.load()
    return this.mutate(id, (r) => {
      this.requireEditable(r)
      return { ...r, request: { ...r.request, name: name.trim() }, updatedAt: this.now() }
    })
  }

  async duplicate(id: string): Promise<DraftView> {
    await this.load()
    const source = this.require(id)
    const now = this.now()
    return this.insert({
      ...structuredClone(source),
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
      request: { ...structuredClone(source.request), name: copyName(source.request.name) },
      submission: null,
      lastError: null,
      archivedAt: null,
      source: { kind: 'duplicate', of: id }
    })
  }

  /** Archives (or brings back) a draft; archived drafts leave the list unless asked for. */
  async archive(id: string, archived = true): Promise<DraftView> {
    await this.load()
    return this.mutate(id, (r) => {
      if (this.submitting.has(id)) throw busy(r)
      return { ...r, archivedAt: archived ? this.now() : null }
    })
  }

  /** Deletes a draft; it can be brought back with the token until the undo window closes. */
  async delete(id: string): Promise<{ token: string; expiresAt: string }> {
    await this.load()
    return this.withLock(id, async () => {
      const r = this.require(id)
      if (this.submitting.has(id)) throw busy(r)
      await this.store.trash(id)
      this.records.delete(id)
      this.derived.delete(id)
      this.announced.delete(id)
      this.changed.remove(id)
      return this.pendingDeletes.add(id)
    })
  }

  async undoDelete(token: string): Promise<DraftView> {
    await this.load()
    const id = this.pendingDeletes.take(token)
    if (id === null) {
      throw new AppError('NotFound', 'This deletion can no longer be undone: the draft was deleted for good.')
    }
    await this.store.restore(id)
    const loaded = await this.store.loadAll()
    const record = loaded.records.find((r) => r.id === id)
    this.problems.push(...loaded.problems)
    if (!record)
      throw new AppError(
        'Disk',
        'The draft came back from the trash but could not be read. It was moved aside; see the drafts problems.'
      )
    this.records.set(record.id, record)
    await this.rederive(record.id)
    return this.view(record)
  }

  /**
   * Points every use of file `from` at file `to` and records `to`'s fingerprint.
   * Picking the same path again accepts the file as it is now.
   */
  async relink(id: string, from: string, to: string): Promise<DraftView> {
    await this.load()
    const fingerprint = await this.checker.fingerprint(to)
    if (!fingerprint) throw new AppError('FileNotFound', `"${to}" does not exist or cannot be read. Pick another file.`)
    return this.mutate(id, (r) => {
      this.requireEditable(r)
      if (!r.files.some((f) => f.path === from)) {
        throw new AppError('NotFound', `The draft does not use "${from}". Refresh the drafts and try again.`)
      }
      return relinkRecord(r, new Map([[from, { path: to, fingerprint }]]), this.now())
    })
  }

  /** Adds a record built elsewhere (import, copy from a job): writes it, derives its state, announces it. */
  async insert(record: DraftRecord): Promise<DraftView> {
    await this.load()
    await this.store.write(record)
    this.records.set(record.id, record)
    await this.rederive(record.id)
    return this.view(record)
  }

  /** Replaces paths in a draft; `to` entries carry the fingerprint of the new file. */
  async relinkMany(id: string, moves: FileMoves): Promise<DraftView> {
    return this.mutate(id, (r) => {
      this.requireEditable(r)
      return relinkRecord(r, moves, this.now())
    })
  }

  record(id: string): DraftRecord {
    return this.require(id)
  }

  state(id: string): DerivedState | undefined {
    return this.derived.get(id)
  }

  /** Marks a draft as being submitted (in memory and on disk, so a crash is noticed next time). */
  async beginSubmission(id: string): Promise<DraftRecord> {
    await this.load()
    return this.withLock(id, async () => {
      const r = this.require(id)
      if (this.submitting.has(id)) throw busy(r)
      this.submitting.add(id)
      const before = structuredClone(r)
      await this.save({ ...r, submission: { status: 'submitting', startedAt: this.now() } })
      return before
    })
  }

  /** Ends a submission: submitted with its job id, or put back as it was with the error attached. */
  async endSubmission(
    id: string,
    before: DraftRecord,
    outcome: { jobId: string } | { error: ErrorValue } | { cancelled: true }
  ): Promise<void> {
    await this.withLock(id, async () => {
      this.submitting.delete(id)
      if (!this.records.has(id)) return
      let next: DraftRecord
      if ('jobId' in outcome) {
        next = {
          ...before,
          submission: { status: 'submitted', jobId: outcome.jobId, submittedAt: this.now() },
          lastError: null
        }
      } else if ('error' in outcome) {
        next = { ...before, lastError: outcome.error }
      } else {
        next = before
      }
      await this.save(next)
    })
  }

  /** Waits until every queued change has been announced. */
  flushEvents(): void {
    this.changed.flush()
  }

  async dispose(): Promise<void> {
    this.changed.flush()
    this.changed.dispose()
    await this.pendingDeletes.purgeAll()
  }

  private load(): Promise<void> {
    this.loading ??= (async () => {
      await this.store.purgeAll()
      const loaded = await this.store.loadAll()
      this.problems = loaded.problems
      for (const r of loaded.records) this.records.set(r.id, r)
      for (const id of loaded.migrated) await this.completeUpgrade(id)
      for (const r of loaded.records) await this.rederive(r.id)
    })()
    return this.loading
  }

  /** A draft upgraded from v1 has no hashes: take them now. */
  private async completeUpgrade(id: string): Promise<void> {
    const upgraded = await withHashes(this.require(id), this.checker)
    await this.store.write(upgraded)
    this.records.set(id, upgraded)
  }

  /** Derives a draft's state; files that have appeared since they were added get their fingerprint now. */
  private async rederive(id: string): Promise<void> {
    let r = this.records.get(id)
    if (!r) return
    let d = await deriveState(r, this.checker, this.submitting.has(id))
    if (d.unrecorded.length && r.submission?.status !== 'submitted') {
      const files: DraftFile[] = []
      for (const f of r.files) {
        files.push(d.unrecorded.includes(f.path) ? { ...f, fingerprint: await this.checker.fingerprint(f.path) } : f)
      }
      r = { ...r, files }
      await this.store.write(r)
      this.records.set(id, r)
      d = await deriveState(r, this.checker, this.submitting.has(id))
    }
    this.derived.set(id, d)
    this.announce(r)
  }

  /** Queues a `drafts.changed` entry when the row differs from the last one announced (a get() alone announces nothing). */
  private announce(r: DraftRecord): void {
    const summary = this.summary(r)
    const text = JSON.stringify(summary)
    if (this.announced.get(r.id) === text) return
    this.announced.set(r.id, text)
    this.changed.set(r.id, summary)
  }

  private async mutate(id: string, change: (r: DraftRecord) => DraftRecord | Promise<DraftRecord>): Promise<DraftView> {
    return this.withLock(id, async () => {
      const next = await change(this.require(id))
      await this.save(next)
      return this.view(next)
    })
  }

  private async save(next: DraftRecord): Promise<void> {
    await this.store.write(next)
    this.records.set(next.id, next)
    await this.rederive(next.id)
  }

  private summary(r: DraftRecord): DraftSummary {
    return toSummary(r, this.derived.get(r.id))
  }

  private view(r: DraftRecord): DraftView {
    return toView(r, this.derived.get(r.id))
  }

  private require(id: string): DraftRecord {
    const r = this.records.get(id)
    if (!r)
      throw new AppError('NotFound', 'This draft no longer exists. It may have been deleted; refresh the drafts list.')
    return r
  }

  private requireEditable(r: DraftRecord): void {
    if (this.submitting.has(r.id)) throw busy(r)
    if (r.submission?.status === 'submitted') {
      throw new AppError(
        'Conflict',
        `"${displayName(r)}" was submitted as job ${r.submission.jobId} and can no longer change. Duplicate it to make a new draft from it.`
      )
    }
  }

  private withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(id, fn)
  }

  private now(): string {
    return this.clock.now().toISOString()
  }
}
