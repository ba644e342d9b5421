import { describe, expect, it } from 'vitest'
import { startEstimateShort, startEstimateText, startEstimateTitle } from '../../../common/start-estimates'
import { mediansFromJobs, waitMs } from '../../../main/queue/run-time-medians'
import { estimateStarts } from '../../../main/queue/start-estimates'
import type { Job } from '../../../common/domain'

function job(patch: Partial<Job> & { id: string }): Job {
  return {
    ...{ name: `Job ${patch.id}`, description: null, type: 'ExcelImportJob', otherType: null, status: 'Succeeded' },
    ...{ otherStatus: null, submitterName: 'ana', submitterRoles: ['MI_USER'], submissionDate: '2026-12-02T11:00:00Z' },
    ...{ scheduledExecutionDate: null, executionDate: null, completionDate: null, position: null, inputFileIds: [] },
    ...{ outputFileNames: [], outputs: {}, summary: null },
    ...patch
  }
}

const now = new Date('2026-12-02T12:00:00Z')
const at = (min: number) => new Date(now.getTime() + min * 60_000).toISOString()
const min = 60_000
/** Excel imports take 10 min, text imports 4 min; exports have no recent runs. */
const medians = {
  medianRunMs: (type: string) => ({ ExcelImportJob: 10 * min, TextImportJob: 4 * min })[type] ?? null
}
const running = (id: string, startedMinAgo: number, type = 'ExcelImportJob' as const) =>
  job({ id, status: 'Running', type, executionDate: at(-startedMinAgo), completionDate: null, position: null })
const pending = (
  id: string,
  position: number,
  type: 'ExcelImportJob' | 'TextImportJob' | 'ExcelExportJob' = 'ExcelImportJob'
) => job({ id, status: 'Pending', type, position, executionDate: null, completionDate: null })
const starts = (jobs: ReturnType<typeof job>[], concurrency: number) =>
  Object.fromEntries(estimateStarts(jobs, concurrency, medians, now).map((e) => [e.jobId, [e.startAt, e.ahead]]))

describe('start estimates (a simulation of the server’s slots)', () => {
  it('one slot: each job waits for the one ahead to end', () => {
    // r ends at 12:07 (started 3 min ago, 10 min median); a at 12:07 ends 12:17; b (text) at 12:17 ends 12:21; c at 12:21.
    const jobs = [running('r', 3), pending('b', 2, 'TextImportJob'), pending('a', 1), pending('c', 3)]
    expect(starts(jobs, 1)).toEqual({ a: [at(7), 1], b: [at(17), 2], c: [at(21), 3] })
  })

  it('two slots: a free slot starts a job now, then the earliest end takes the next', () => {
    // Slots: r (ends 12:08) and idle. a now → ends 12:10; b at 12:08 (r's slot) → 12:18; c at 12:10.
    const jobs = [running('r', 2), pending('a', 1), pending('b', 2), pending('c', 3)]
    expect(starts(jobs, 2)).toEqual({ a: [at(0), 1], b: [at(8), 2], c: [at(10), 3] })
  })

  it('an overdue running job ends "now", not in the past', () => {
    expect(starts([running('r', 25), pending('a', 1)], 1)).toEqual({ a: [at(0), 1] })
  })

  it('a job scheduled later starts no earlier than its date', () => {
    const later = { ...pending('a', 1), scheduledExecutionDate: at(30) }
    expect(starts([running('r', 0), later], 1)).toEqual({ a: [at(30), 1] })
  })

  it('says which type has no recent runs instead of guessing, from the first job that waits on it', () => {
    const jobs = [running('x', 1, 'ExcelExportJob' as never), pending('a', 1), pending('b', 2)]
    const e = estimateStarts(jobs, 1, medians, now)
    expect(e.map((x) => [x.jobId, x.startAt, x.unknownType])).toEqual([
      ['a', null, 'ExcelExportJob'],
      ['b', null, 'ExcelExportJob']
    ])
    // With a second, idle slot, the first job starts now all the same; the one after it cannot be timed.
    expect(estimateStarts(jobs, 2, medians, now).map((x) => x.startAt)).toEqual([at(0), null])
    // The job's own unknown run time does not hide its start, only the start of those behind it.
    const own = estimateStarts([pending('e', 1, 'ExcelExportJob'), pending('f', 2)], 1, medians, now)
    expect(own.map((x) => x.startAt)).toEqual([at(0), null])
  })

  it('is worded as the queue shows it', () => {
    expect(startEstimateText({ jobId: 'a', startAt: at(25), ahead: 3, unknownType: null }, now)).toBe(
      'about 25 min (3 ahead)'
    )
    expect(startEstimateText({ jobId: 'a', startAt: at(0), ahead: 1, unknownType: null }, now)).toBe(
      'any moment now (1 ahead)'
    )
    expect(startEstimateText({ jobId: 'a', startAt: at(150), ahead: 9, unknownType: null }, now)).toBe(
      'about 2.5 h (9 ahead)'
    )
    // The first in line (a scheduled job with nothing before it) has none ahead, not "0 ahead".
    expect(startEstimateText({ jobId: 'a', startAt: at(1440), ahead: 0, unknownType: null }, now)).toBe(
      'about 24 h (none ahead)'
    )
    expect(startEstimateShort({ jobId: 'a', startAt: null, ahead: 0, unknownType: null }, now)).toBe(
      'no estimate · none ahead'
    )
    expect(
      startEstimateTitle(
        { jobId: 'a', startAt: at(1440), ahead: 0, unknownType: null },
        { concurrency: 1, wholeQueue: true }
      )
    ).toMatch(/^Estimated start, with no jobs ahead, 1 at a time/)
  })
})

describe('medians from the finished jobs held', () => {
  it('takes the median run and wait of a type’s recent runs, and knows none of a type that has not run', () => {
    const done = (id: string, submitted: number, started: number, ended: number, type = 'ExcelImportJob' as const) =>
      job({ id, type, submissionDate: at(submitted), executionDate: at(started), completionDate: at(ended) })
    const m = mediansFromJobs(() => [
      done('1', -60, -58, -50),
      done('2', -40, -30, -26),
      done('3', -20, -19, -10),
      done('t', -20, -20, -19, 'TextImportJob' as never),
      running('r', 1)
    ])
    expect(m.medianRunMs('ExcelImportJob')).toBe(8 * min)
    expect(m.medianWaitMs('ExcelImportJob')).toBe(2 * min)
    expect(m.medianRunMs('TextImportJob')).toBe(1 * min)
    expect(m.medianRunMs('ExcelExportJob')).toBeNull()
    expect(m.medianWaitMs('ExcelExportJob')).toBeNull()
  })

  it('counts a scheduled job’s wait from its scheduled date', () => {
    expect(waitMs({ submissionDate: at(-60), scheduledExecutionDate: at(-30), executionDate: at(-25) })).toBe(5 * min)
    expect(waitMs({ submissionDate: at(-60), scheduledExecutionDate: null, executionDate: null })).toBeNull()
  })
})
