import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Job } from '../../common/domain'
import type { HistoryJob } from '../../common/insights/history-job'
import type { Logger } from '../log'
import { jobValues, rowToJob, upsertSql, type JobRow } from './rows'
import { migrate } from './schema'
import type { Database, SqliteModule } from './sqlite'

/** One connection's history file: open (moving a broken file aside), write batches, read, prune, clear. */
export class HistoryDb {
  private constructor(
    private readonly db: Database,
    readonly file: string
  ) {}

  /** Opens or creates the file; one that cannot be opened or read is moved aside and a fresh one started. */
  static open(file: string, sqlite: SqliteModule, logger: Logger, now: Date): HistoryDb {
    mkdirSync(dirname(file), { recursive: true })
    try {
      return new HistoryDb(openAndMigrate(sqlite, file), file)
    } catch (e) {
      const aside = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`
      logger.warn(`the job history ${file} could not be opened; moved it to ${aside} and started a new one`, e)
      for (const suffix of ['', '-wal', '-shm'])
        if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix)
      return new HistoryDb(openAndMigrate(sqlite, file), file)
    }
  }

  /** Writes one batch of jobs in one transaction: all of it lands, or none. */
  record(jobs: readonly Job[], seenAt: string): void {
    const upsert = this.db.prepare(upsertSql)
    this.transaction(() => {
      for (const job of jobs) upsert.run(...jobValues(job, seenAt))
    })
  }

  /** Jobs submitted at or after `since` (ISO); rows that do not read are counted, not returned. */
  since(since: string): { jobs: HistoryJob[]; skipped: string[] } {
    const rows = this.db.prepare('SELECT * FROM jobs WHERE submitted >= ? ORDER BY submitted').all(since) as unknown[]
    const jobs: HistoryJob[] = []
    const skipped: string[] = []
    for (const row of rows) {
      const job = rowToJob(row as JobRow)
      if (job) jobs.push(job)
      else skipped.push(String((row as Partial<JobRow>).id ?? '?'))
    }
    return { jobs, skipped }
  }

  count(): number {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }
    return Number(row.n)
  }

  /** Removes jobs submitted before `before` (ISO); returns how many. */
  prune(before: string): number {
    return Number(this.db.prepare('DELETE FROM jobs WHERE submitted < ?').run(before).changes)
  }

  clear(): number {
    return Number(this.db.prepare('DELETE FROM jobs').run().changes)
  }

  close(): void {
    if (this.db.isOpen) this.db.close()
  }

  private transaction(body: () => void): void {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      body()
      this.db.exec('COMMIT')
    } catch (e) {
      this.db.exec('ROLLBACK')
      throw e
    }
  }
}

function openAndMigrate(sqlite: SqliteModule, file: string): Database {
  const db = new sqlite.DatabaseSync(file)
  try {
    db.exec('PRAGMA journal_mode = WAL')
    // WAL with NORMAL loses at most the last commits on power loss, never the file's consistency.
    db.exec('PRAGMA synchronous = NORMAL')
    db.exec('PRAGMA busy_timeout = 2000')
    migrate(db)
    const check = db.prepare('PRAGMA quick_check').get() as Record<string, unknown> | undefined
    if (check && Object.values(check)[0] !== 'ok') throw new Error(`quick_check: ${String(Object.values(check)[0])}`)
    return db
  } catch (e) {
    db.close()
    throw e
  }
}
