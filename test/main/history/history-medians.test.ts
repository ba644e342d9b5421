import { describe, expect, it } from 'vitest'
import type { HistoryJob } from '../../../common/insights/history-job'
import { mediansFromHistory, mediansOf } from '../../../main/history/history-medians'
import { ManualClock } from '../../helpers/manual-clock'

const min = 60_000
/** A finished job: submitted at 10:00 on Dec 1, started `wait` minutes later, ran `run` minutes. */
function ran(id: string, type: HistoryJob['type'], wait: number, run: number, day = 1): HistoryJob {
  const submitted = Date.parse(`2026-12-0${day}T10:00:00Z`)
  return {
    id,
    type,
    otherType: null,
    submitter: 'writer',
    status: 'Succeeded',
    otherStatus: null,
    withErrors: false,
    name: id,
    submitted: new Date(submitted).toISOString(),
    scheduled: null,
    started: new Date(submitted + wait * min).toISOString(),
    completed: new Date(submitted + (wait + run) * min).toISOString(),
    lastSeen: '2026-12-02T00:00:00.000Z'
  }
}

describe('medians from the local history', () => {
  it('takes the median run and wait of each type (odd and even counts)', () => {
    // Excel imports run 2, 4, 9 min → median 4; they waited 1, 3, 5 → 3. Text imports run 6 and 10 → 8.
    const m = mediansOf([
      ran('a', 'ExcelImportJob', 1, 2),
      ran('b', 'ExcelImportJob', 3, 9),
      ran('c', 'ExcelImportJob', 5, 4),
      ran('d', 'TextImportJob', 0, 6),
      ran('e', 'TextImportJob', 2, 10),
      { ...ran('f', 'TextImportJob', 2, 99), completed: null }
    ])
    expect(m.run.get('ExcelImportJob')).toBe(4 * min)
    expect(m.wait.get('ExcelImportJob')).toBe(3 * min)
    expect(m.run.get('TextImportJob')).toBe(8 * min)
    expect(m.run.has('ExcelExportJob')).toBe(false)
  })

  it('reads the history at most once a minute, and falls back for a type it has not seen', () => {
    const clock = new ManualClock('2026-12-02T12:00:00Z')
    let reads = 0
    let jobs = [ran('a', 'ExcelImportJob', 1, 2)]
    const medians = mediansFromHistory({
      read: () => (reads++, { jobs }),
      connectionId: () => 'c1',
      clock,
      fallback: { medianRunMs: () => 42, medianWaitMs: () => null }
    })
    expect(medians.medianRunMs('ExcelImportJob')).toBe(2 * min)
    expect(medians.medianRunMs('ExcelExportJob')).toBe(42)
    jobs = [ran('b', 'ExcelImportJob', 1, 7)]
    expect(medians.medianRunMs('ExcelImportJob')).toBe(2 * min)
    expect(reads).toBe(1)
    clock.advance(60_000)
    expect(medians.medianRunMs('ExcelImportJob')).toBe(7 * min)
    expect(reads).toBe(2)
  })
})
