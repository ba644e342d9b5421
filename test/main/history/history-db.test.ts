import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HistoryDb } from '../../../main/history/history-db'
import { migrations, schemaVersion } from '../../../main/history/schema'
import { loadSqlite } from '../../../main/history/sqlite'
import { memoryLogger, testLogger } from '../../helpers/logger'
import { queueJob } from '../../common/insights/hand-built'

const sqlite = loadSqlite()
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'jq-history-')), 'c.sqlite')
const now = new Date('2026-11-28T12:00:00Z')
const job = (id: string, submitted = '2026-11-28T10:00:00.000Z') => queueJob(id, 'Succeeded', null, submitted, null)

describe('the history file', () => {
  it('is created at the current schema version, in WAL mode', () => {
    const file = tempFile()
    HistoryDb.open(file, sqlite, testLogger(), now).close()
    const raw = new sqlite.DatabaseSync(file)
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: schemaVersion })
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
    raw.close()
  })

  it('upgrades a version 1 file and keeps its jobs', () => {
    const file = tempFile()
    const v1 = new sqlite.DatabaseSync(file)
    migrations[0]?.(v1)
    v1.exec('PRAGMA user_version = 1')
    v1.prepare(
      `INSERT INTO jobs (id, type, submitter, status, name, submitted, scheduled, started, completed, last_seen)
       VALUES ('old', 'TextImportJob', 'sam', 'Succeeded', 'Old job', '2026-11-27T08:00:00.000Z', NULL,
       '2026-11-27T08:01:00.000Z', '2026-11-27T08:02:00.000Z', '2026-11-27T09:00:00.000Z')`
    ).run()
    v1.close()
    const db = HistoryDb.open(file, sqlite, testLogger(), now)
    expect(db.since('2026-01-01T00:00:00.000Z').jobs).toEqual([
      expect.objectContaining({
        id: 'old',
        withErrors: false,
        otherType: null,
        submitter: 'sam',
        started: '2026-11-27T08:01:00.000Z'
      })
    ])
    db.close()
    const raw = new sqlite.DatabaseSync(file)
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 })
    raw.close()
  })

  it('updates a job seen again and marks “Completed with errors”', () => {
    const db = HistoryDb.open(tempFile(), sqlite, testLogger(), now)
    db.record([{ ...job('a'), status: 'Running' }], '2026-11-28T10:01:00.000Z')
    const errors = {
      kind: 'import' as const,
      finishedSuccessfully: false,
      numberOfErrors: 2,
      numberOfRecordsCreated: 0,
      numberOfRecordsUpdated: 0,
      numberOfTasks: 1
    }
    db.record([{ ...job('a'), summary: errors }], '2026-11-28T10:05:00.000Z')
    expect(db.since('2026-01-01T00:00:00.000Z').jobs.map((j) => [j.id, j.status, j.withErrors, j.lastSeen])).toEqual([
      ['a', 'Succeeded', true, '2026-11-28T10:05:00.000Z']
    ])
    db.close()
  })

  it('reports a row it cannot read and returns the rest', () => {
    const file = tempFile()
    const db = HistoryDb.open(file, sqlite, testLogger(), now)
    db.record([job('good'), job('bad')], now.toISOString())
    const raw = new sqlite.DatabaseSync(file)
    raw.prepare("UPDATE jobs SET submitted = 'yesterday-ish' WHERE id = 'bad'").run()
    raw.close()
    const read = db.since('')
    expect([read.jobs.map((j) => j.id), read.skipped]).toEqual([['good'], ['bad']])
    db.close()
  })

  it('moves a file it cannot open aside, says so, and starts afresh', () => {
    const file = tempFile()
    writeFileSync(file, 'this is not a database '.repeat(200))
    const { logger, sink } = memoryLogger()
    const db = HistoryDb.open(file, sqlite, logger, now)
    db.record([job('a')], now.toISOString())
    expect(db.count()).toBe(1)
    db.close()
    const dir = readdirSync(join(file, '..'))
    expect(dir.filter((n) => n.startsWith('c.sqlite.corrupt-'))).toHaveLength(1)
    expect(sink.text()).toMatch(/could not be opened; moved it to .*corrupt-/)
  })

  it('prunes by submission date', () => {
    const db = HistoryDb.open(tempFile(), sqlite, testLogger(), now)
    db.record([job('old', '2025-11-01T00:00:00.000Z'), job('new')], now.toISOString())
    expect(db.prune('2025-11-28T12:00:00.000Z')).toBe(1)
    expect(db.since('').jobs.map((j) => j.id)).toEqual(['new'])
    db.close()
  })

  it('keeps every committed batch and none of the one a crash cut short', async () => {
    const file = tempFile()
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(import.meta.dirname, 'crash-child.ts'), file, '3'],
      {
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)))
    await new Promise<void>((res, rej) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('partial started')) {
          child.kill('SIGKILL')
          res()
        }
      })
      child.on('exit', () => rej(new Error(`the child ended before the partial batch:\n${out}\n${err}`)))
    })
    expect(await exited).toBe('SIGKILL')
    expect(out).not.toContain('partial committed')
    expect(out.match(/committed \d/g)).toEqual(['committed 0', 'committed 1', 'committed 2'])
    const db = HistoryDb.open(file, sqlite, testLogger(), now)
    const ids = db.since('').jobs.map((j) => j.id)
    db.close()
    expect(ids).toHaveLength(300)
    for (const b of [0, 1, 2]) expect(ids.filter((id) => id.startsWith(`b${b}-`))).toHaveLength(100)
    expect(ids.some((id) => id.startsWith('b99-'))).toBe(false)
  }, 60_000)
})
