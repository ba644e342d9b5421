import { describe, expect, it } from 'vitest'
import { median, percentile } from '../../../common/insights/durations'
import { summarize } from '../../../common/insights/summary'
import { history, now, queueJob } from './hand-built'

const min = 60_000
const s = 1000
const week = (timeZone = 'UTC') =>
  summarize({
    jobs: history,
    queue: [],
    days: 7,
    timeZone,
    now,
    connectionId: 'c',
    connectionName: 'C',
    kept: 12,
    skipped: 0
  })

describe('the statistics of a hand-built history', () => {
  it('counts jobs per local day by status and by type', () => {
    const { perDay, from, to, total } = week()
    // 7 days ending 2026-11-28; o1 (11-10) is outside, so 11 of the 12 jobs count.
    expect([from, to, total]).toEqual(['2026-11-22', '2026-11-28', 11])
    expect(perDay.days).toEqual([
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28'
    ])
    // 22: e1 · 23: t1 · 24: e3, e2(with errors) · 25: x2(cancelled) · 26: e4(failed), t2 · 27: t3(cancelled)
    // 28: e5(failed), t4(running), x1(pending, scheduled for tomorrow → Scheduled). No series stays at zero.
    expect(perDay.byStatus).toEqual([
      { status: 'Succeeded', counts: [1, 1, 1, 0, 1, 0, 0] },
      { status: 'CompletedWithErrors', counts: [0, 0, 1, 0, 0, 0, 0] },
      { status: 'Failed', counts: [0, 0, 0, 0, 1, 0, 1] },
      { status: 'Cancelled', counts: [0, 0, 0, 1, 0, 1, 0] },
      { status: 'Running', counts: [0, 0, 0, 0, 0, 0, 1] },
      { status: 'Scheduled', counts: [0, 0, 0, 0, 0, 0, 1] }
    ])
    expect(perDay.byType).toEqual([
      { type: 'ExcelImportJob', counts: [1, 0, 2, 0, 1, 0, 1] },
      { type: 'ExcelExportJob', counts: [0, 0, 0, 1, 0, 0, 1] },
      { type: 'TextImportJob', counts: [0, 1, 0, 0, 1, 1, 1] }
    ])
  })

  it('counts by the user’s local day, not by UTC', () => {
    // In India t2 (26th 23:30 UTC) is submitted on the 27th.
    const { perDay } = week('Asia/Kolkata')
    expect(perDay.byStatus[0]).toEqual({ status: 'Succeeded', counts: [1, 1, 1, 0, 0, 1, 0] })
    expect(perDay.byType[2]).toEqual({ type: 'TextImportJob', counts: [0, 1, 0, 0, 0, 2, 1] })
  })

  it('gives wait and run times by type: median, 90th percentile and a histogram', () => {
    const { wait, run } = week()
    // Excel import waits 1, 3, 5, 8, 20 min: median the 3rd = 5 min; p90 rank ⌈0.9·5⌉ = 5 → 20 min.
    // Text import waits 2, 4, 6, 10 min: median (4 + 6) / 2 = 5 min; p90 rank ⌈0.9·4⌉ = 4 → 10 min.
    // Exports never started: no entry.
    expect(wait.map((w) => [w.type, w.count, w.medianMs, w.p90Ms])).toEqual([
      ['ExcelImportJob', 5, 5 * min, 20 * min],
      ['TextImportJob', 4, 5 * min, 10 * min]
    ])
    // Excel import runs 20, 40, 50, 70, 100 s: median 50 s, p90 100 s.
    // Text import runs 5, 15, 25 s (t4 still runs): median 15 s; p90 rank ⌈0.9·3⌉ = 3 → 25 s.
    expect(run.map((r) => [r.type, r.count, r.medianMs, r.p90Ms])).toEqual([
      ['ExcelImportJob', 5, 50 * s, 100 * s],
      ['TextImportJob', 3, 15 * s, 25 * s]
    ])
    // Waits 1, 3 min in 1–5 min; 5, 8 min in 5–15 min (5 is a lower bound, inclusive); 20 min in 15 min – 1 h.
    const counts = (b: { label: string; count: number }[]) =>
      b.filter((x) => x.count > 0).map((x) => [x.label, x.count])
    expect(counts(wait[0]?.buckets ?? [])).toEqual([
      ['1 min – 5 min', 2],
      ['5 min – 15 min', 2],
      ['15 min – 1 h', 1]
    ])
    // Runs 20 s in 10–30 s; 40, 50 s in 30 s – 1 min; 70, 100 s in 1–5 min.
    expect(counts(run[0]?.buckets ?? [])).toEqual([
      ['10 s – 30 s', 1],
      ['30 s – 1 min', 2],
      ['1 min – 5 min', 2]
    ])
    expect(wait[0]?.buckets.map((b) => b.label)).toEqual([
      '< 10 s',
      '10 s – 30 s',
      '30 s – 1 min',
      '1 min – 5 min',
      '5 min – 15 min',
      '15 min – 1 h',
      '1 h – 4 h',
      '4 h – 1 day',
      '≥ 1 day'
    ])
  })

  it('widens to 30 days', () => {
    const month = summarize({
      jobs: history,
      queue: [],
      days: 30,
      timeZone: 'UTC',
      now,
      connectionId: 'c',
      connectionName: 'C',
      kept: 12,
      skipped: 0
    })
    expect([month.from, month.total, month.perDay.days.length]).toEqual(['2026-10-30', 12, 30])
    // o1 adds a 30 min wait and a 2 s run: waits 1, 3, 5, 8, 20, 30 → median (5 + 8) / 2 = 6.5 min, p90 rank 6 → 30 min;
    // runs 2, 20, 40, 50, 70, 100 s → median (40 + 50) / 2 = 45 s, p90 100 s.
    expect([month.wait[0]?.medianMs, month.wait[0]?.p90Ms]).toEqual([6.5 * min, 30 * min])
    expect([month.run[0]?.medianMs, month.run[0]?.p90Ms]).toEqual([45 * s, 100 * s])
    expect(month.submitters.find((x) => x.submitter === 'dave')?.count).toBe(2)
  })

  it('counts failures by type with “Completed with errors” apart from Failed', () => {
    // Excel import: e1–e5, Failed e4 e5, with errors e2. Export: x1 x2. Text import: t1–t4.
    expect(week().failures).toEqual([
      { type: 'ExcelImportJob', total: 5, failed: 2, withErrors: 1 },
      { type: 'ExcelExportJob', total: 2, failed: 0, withErrors: 0 },
      { type: 'TextImportJob', total: 4, failed: 0, withErrors: 0 }
    ])
  })

  it('ranks submitters', () => {
    // alice e1 e3 e5 t2 x1; bob e2 t1 t3; carol e4 t4; dave x2.
    expect(week().submitters).toEqual([
      { submitter: 'alice', count: 5 },
      { submitter: 'bob', count: 3 },
      { submitter: 'carol', count: 2 },
      { submitter: 'dave', count: 1 }
    ])
  })

  it('lists the backlog: running jobs longest first, then pending ones by position', () => {
    const queue = [
      queueJob('p2', 'Pending', 2, '2026-11-28T11:00:00.000Z', null),
      queueJob('r1', 'Running', null, '2026-11-28T09:00:00.000Z', '2026-11-28T11:50:00.000Z'),
      queueJob('done', 'Succeeded', null, '2026-11-28T08:00:00.000Z', '2026-11-28T08:01:00.000Z'),
      queueJob('p1', 'Pending', 1, '2026-11-28T10:00:00.000Z', null),
      queueJob('r2', 'Running', null, '2026-11-28T09:00:00.000Z', '2026-11-28T11:30:00.000Z')
    ]
    const { backlog } = summarize({
      jobs: [],
      queue,
      days: 7,
      now,
      connectionId: 'c',
      connectionName: 'C',
      kept: 0,
      skipped: 0
    })
    expect(backlog.map((b) => [b.id, b.position, b.ageMs])).toEqual([
      ['r2', null, 30 * min],
      ['r1', null, 10 * min],
      ['p1', 1, 120 * min],
      ['p2', 2, 60 * min]
    ])
  })
})

describe('median and percentile', () => {
  it('take the middle, or the mean of the two middles; the nearest rank', () => {
    expect([median([]), median([4]), median([1, 2, 3, 10])]).toEqual([null, 4, 2.5])
    // 10 values: p90 rank 9, p50 rank 5, p100 rank 10.
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    expect([percentile(ten, 0.9), percentile(ten, 0.5), percentile(ten, 1), percentile([], 0.9)]).toEqual([
      9,
      5,
      10,
      null
    ])
  })
})
