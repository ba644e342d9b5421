import { describe, expect, it } from 'vitest'
import { effectiveStatus, effectiveStatuses, jobStatuses, jobTypeLabel, type Job } from '../../common/domain'
import { durationMs } from '../../common/queue-view/duration'
import { columnIds, queueOrder, sortJobs, type ColumnId, type SortState } from '../../common/queue-view/sort'
import { job } from '../helpers/job-fixture'

/*
 * sortJobs computes its keys once per job; these check it against the plain version (keys and dates worked out in
 * the comparator, queueOrder for ties) on random queues with every kind of tie, gap and bad date.
 */

function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomJobs(n: number, seed: number): Job[] {
  const r = random(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
  const date = () =>
    pick([
      null,
      '',
      'not a date',
      new Date(Date.UTC(2026, 10, 1) + Math.floor(r() * 5) * 3_600_000).toISOString(),
      new Date(Date.UTC(2026, 10, 1) + Math.floor(r() * 1e9)).toISOString()
    ])
  return Array.from({ length: n }, (_, i) =>
    job({
      id: `job-${Math.floor(r() * n)}-${i % 3}`,
      name: pick(['batch 2', 'Batch 10', 'batch 1', 'ärger', 'zeta', '']),
      type: pick(['ExcelImportJob', 'ExcelExportJob', 'TextImportJob'] as const),
      status: pick([...jobStatuses, 'Other'] as const),
      submitterName: pick(['admin', 'Admin', 'writer']),
      submissionDate: date() ?? '2026-11-20T10:00:00.000Z',
      scheduledExecutionDate: date(),
      executionDate: date(),
      completionDate: date(),
      position: pick([null, 1, 2, 3, 7])
    })
  )
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : NaN)
const statusRank = new Map<string, number>(effectiveStatuses.map((s, i) => [s, i]))

function plainKey(column: ColumnId, j: Job, now: Date): string | number | null {
  const keys: Record<ColumnId, () => string | number | null> = {
    position: () => j.position,
    name: () => j.name,
    type: () => jobTypeLabel(j),
    status: () => statusRank.get(effectiveStatus(j, now)) ?? 0,
    submitter: () => j.submitterName,
    submitted: () => time(j.submissionDate),
    scheduled: () => (j.scheduledExecutionDate ? time(j.scheduledExecutionDate) : null),
    started: () => (j.executionDate ? time(j.executionDate) : null),
    completed: () => (j.completionDate ? time(j.completionDate) : null),
    duration: () => durationMs(j, now)
  }
  return keys[column]()
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
const none = (k: string | number | null) => k === null || (typeof k === 'number' && Number.isNaN(k))

function plainSort(jobs: readonly Job[], sort: SortState, now: Date): Job[] {
  const column = sort.column
  if (column === null) return [...jobs].sort(queueOrder)
  const sign = sort.direction === 'asc' ? 1 : -1
  return [...jobs].sort((a, b) => {
    const ka = plainKey(column, a, now)
    const kb = plainKey(column, b, now)
    if (none(ka) || none(kb)) return none(ka) === none(kb) ? queueOrder(a, b) : none(ka) ? 1 : -1
    const c = typeof ka === 'string' && typeof kb === 'string' ? collator.compare(ka, kb) : Number(ka) - Number(kb)
    return c !== 0 ? sign * c : queueOrder(a, b)
  })
}

describe('sortJobs against the plain sort', () => {
  const now = new Date('2026-11-20T12:00:00Z')
  it('gives the same queue order (no column) on random queues', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const jobs = randomJobs(300, seed)
      expect(sortJobs(jobs, { column: null, direction: 'asc' }, now)).toEqual(
        plainSort(jobs, { column: null, direction: 'asc' }, now)
      )
    }
  })
  it('gives the same order for every column, both ways', () => {
    for (const column of columnIds)
      for (const direction of ['asc', 'desc'] as const)
        for (let seed = 1; seed <= 4; seed++) {
          const jobs = randomJobs(200, seed * 31)
          const ids = (xs: Job[]) => xs.map((j) => j.id)
          expect(ids(sortJobs(jobs, { column, direction }, now)), `${column} ${direction}`).toEqual(
            ids(plainSort(jobs, { column, direction }, now))
          )
        }
  })
  it('returns a copy and leaves its input alone', () => {
    const jobs = randomJobs(50, 7)
    const before = [...jobs]
    expect(sortJobs(jobs, { column: null, direction: 'asc' }, now)).not.toBe(jobs)
    expect(jobs).toEqual(before)
  })
})
