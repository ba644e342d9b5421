import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { historyFileName, JobHistory } from '../../../main/history/history'
import { loadSqlite } from '../../../main/history/sqlite'
import { memoryLogger, testLogger } from '../../helpers/logger'
import { ManualClock } from '../../helpers/manual-clock'
import { queueJob } from '../../common/insights/hand-built'

const day = 24 * 3_600_000
const job = (id: string, submitted: string) => queueJob(id, 'Succeeded', null, submitted, null)
const open = (dir: string, clock: ManualClock, keepDays = 365) =>
  new JobHistory({ dir, sqlite: loadSqlite(), logger: testLogger(), clock, keepDays })
const ids = (h: JobHistory, c = 'sandbox') => h.read(c, new Date(0)).jobs.map((j) => j.id)

describe('the job history', () => {
  it('keeps one file per connection, named safely', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-hist-'))
    const h = open(dir, new ManualClock('2026-11-28T12:00:00Z'))
    h.record('sandbox', [job('a', '2026-11-28T10:00:00.000Z')])
    h.record('../../etc/passwd', [job('b', '2026-11-28T10:00:00.000Z')])
    expect([ids(h), ids(h, '../../etc/passwd')]).toEqual([['a'], ['b']])
    h.dispose()
    expect(historyFileName('sandbox')).toBe('sandbox.sqlite')
    expect(historyFileName('../../etc/passwd')).toMatch(/^______etc_passwd-[0-9a-f]{10}\.sqlite$/)
    expect(
      readdirSync(dir)
        .filter((n) => n.endsWith('.sqlite'))
        .sort()
    ).toEqual([historyFileName('../../etc/passwd'), 'sandbox.sqlite'].sort())
  })

  it('keeps a year by submission date: prunes on open and then daily', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-hist-'))
    const clock = new ManualClock('2026-11-28T12:00:00Z')
    const first = open(dir, clock)
    first.record('sandbox', [
      job('too-old', '2025-11-27T12:00:00.000Z'),
      job('almost', '2025-11-29T00:00:00.000Z'),
      job('new', '2026-11-28T10:00:00.000Z')
    ])
    first.dispose()
    // Opened again: the job of 366 days ago is gone, the one of 364 days ago stays.
    const second = open(dir, clock)
    expect(ids(second)).toEqual(['almost', 'new'])
    clock.advance(day)
    expect(ids(second)).toEqual(['new'])
    second.dispose()
  })

  it('clears every connection’s history', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-hist-'))
    const clock = new ManualClock('2026-11-28T12:00:00Z')
    const h = open(dir, clock)
    h.record('sandbox', [job('a', '2026-11-28T10:00:00.000Z'), job('b', '2026-11-28T10:00:00.000Z')])
    h.record('other', [job('c', '2026-11-28T10:00:00.000Z')])
    expect(h.clear()).toBe(3)
    expect(existsSync(join(dir, 'sandbox.sqlite'))).toBe(false)
    expect(ids(h)).toEqual([])
    h.dispose()
  })

  it('logs a write that fails and goes on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-hist-'))
    const { logger, sink } = memoryLogger()
    const h = new JobHistory({ dir, sqlite: loadSqlite(), logger, clock: new ManualClock() })
    h.record('sandbox', [{ ...job('a', '2026-11-28T10:00:00.000Z'), name: null as unknown as string }])
    expect(sink.text()).toMatch(/saving 1 jobs to the history failed/)
    h.record('sandbox', [job('b', '2026-11-28T10:00:00.000Z')])
    expect(ids(h)).toEqual(['b'])
    h.dispose()
  })
})
