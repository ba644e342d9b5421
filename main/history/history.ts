import { createHash } from 'node:crypto'
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Job } from '../../common/domain'
import type { HistoryJob } from '../../common/insights/history-job'
import type { Clock } from '../clock'
import type { Logger } from '../log'
import { HistoryDb } from './history-db'
import type { SqliteModule } from './sqlite'

export interface JobHistoryOptions {
  /** The folder of the history files: `<data folder>/history`. */
  dir: string
  sqlite: SqliteModule
  logger: Logger
  clock: Clock
  /** How long a job is kept, by its submission date (default a year). */
  keepDays?: number
}

const day = 24 * 3_600_000

/** A file name for a connection id: its safe characters, plus a hash when some were not. */
export function historyFileName(connectionId: string): string {
  const safe = connectionId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80)
  const hash = createHash('sha256').update(connectionId).digest('hex').slice(0, 10)
  return `${safe === connectionId ? safe : `${safe}-${hash}`}.sqlite`
}

/**
 * Every job the app has seen, per connection, in a SQLite file each. Bounded by age: pruned on open and daily.
 * A failure to write is logged and the app goes on: the history is a convenience, never a reason to stop.
 */
export class JobHistory {
  private readonly open = new Map<string, HistoryDb>()
  private readonly keepMs: number
  private cancelPrune: (() => void) | null = null
  /** The connection last written to, for Insights while offline. */
  lastConnectionId: string | null = null

  constructor(private readonly options: JobHistoryOptions) {
    this.keepMs = (options.keepDays ?? 365) * day
    this.scheduleDailyPrune()
  }

  /** Saves a batch of jobs one poll saw (one transaction). */
  record(connectionId: string, jobs: readonly Job[]): void {
    if (jobs.length === 0) return
    try {
      this.db(connectionId).record(jobs, this.options.clock.now().toISOString())
      this.lastConnectionId = connectionId
    } catch (e) {
      this.options.logger.warn(`saving ${jobs.length} jobs to the history failed`, e)
    }
  }

  /** The jobs submitted since `since`, the number kept in all, and the ids of rows that could not be read. */
  read(connectionId: string, since: Date): { jobs: HistoryJob[]; kept: number; skipped: string[] } {
    const db = this.db(connectionId)
    const { jobs, skipped } = db.since(since.toISOString())
    if (skipped.length > 0)
      this.options.logger.warn(
        `${skipped.length} jobs of the history could not be read (${skipped.slice(0, 5).join(', ')})`
      )
    return { jobs, kept: db.count(), skipped }
  }

  /** Deletes every connection's history; returns how many jobs the open files held. */
  clear(): number {
    let cleared = 0
    for (const db of this.open.values()) {
      cleared += db.count()
      db.close()
    }
    this.open.clear()
    for (const name of this.files()) rmSync(join(this.options.dir, name), { force: true })
    this.options.logger.info('the job history was cleared')
    return cleared
  }

  /** Removes jobs older than the bound from every open file. */
  prune(): void {
    for (const [id, db] of this.open) this.pruneOne(id, db)
  }

  dispose(): void {
    this.cancelPrune?.()
    this.cancelPrune = null
    for (const db of this.open.values()) db.close()
    this.open.clear()
  }

  private db(connectionId: string): HistoryDb {
    let db = this.open.get(connectionId)
    if (!db) {
      const file = join(this.options.dir, historyFileName(connectionId))
      db = HistoryDb.open(file, this.options.sqlite, this.options.logger, this.options.clock.now())
      this.open.set(connectionId, db)
      this.pruneOne(connectionId, db)
    }
    return db
  }

  private pruneOne(connectionId: string, db: HistoryDb): void {
    try {
      const before = new Date(this.options.clock.now().getTime() - this.keepMs).toISOString()
      const removed = db.prune(before)
      if (removed > 0)
        this.options.logger.info(`pruned ${removed} jobs older than ${before} from ${connectionId}'s history`)
    } catch (e) {
      this.options.logger.warn('pruning the job history failed', e)
    }
  }

  private scheduleDailyPrune(): void {
    this.cancelPrune = this.options.clock.setTimeout(
      () => {
        this.prune()
        this.scheduleDailyPrune()
      },
      day,
      { unref: true }
    )
  }

  private files(): string[] {
    try {
      return readdirSync(this.options.dir).filter((n) => /\.sqlite(-wal|-shm)?$/.test(n))
    } catch {
      return []
    }
  }
}
