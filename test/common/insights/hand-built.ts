import type { Job, JobStatus, JobType } from '../../../common/domain'
import type { HistoryJob } from '../../../common/insights/history-job'

/** A small history built by hand; summary.test.ts works out its statistics on paper. Now: 2026-11-28 12:00 UTC. */
export const now = new Date('2026-11-28T12:00:00.000Z')

const min = 60_000
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs).toISOString()

function job(
  id: string,
  type: JobType,
  status: JobStatus,
  submitter: string,
  submitted: string,
  waitMs: number | null,
  runMs: number | null,
  extra: Partial<HistoryJob> = {}
): HistoryJob {
  const started = waitMs === null ? null : at(submitted, waitMs)
  const completed = started && runMs !== null ? at(started, runMs) : null
  return {
    id,
    type,
    otherType: null,
    submitter,
    status,
    otherStatus: null,
    withErrors: false,
    name: `Job ${id}`,
    submitted: at(submitted),
    scheduled: null,
    started,
    completed,
    lastSeen: now.toISOString(),
    ...extra
  }
}

const [EI, EE, TI] = ['ExcelImportJob', 'ExcelExportJob', 'TextImportJob'] as const
const s = 1000

export const history: HistoryJob[] = [
  job('e1', EI, 'Succeeded', 'alice', '2026-11-22T09:00:00Z', 1 * min, 20 * s),
  job('e2', EI, 'Succeeded', 'bob', '2026-11-24T10:00:00Z', 3 * min, 40 * s, { withErrors: true }),
  job('e3', EI, 'Succeeded', 'alice', '2026-11-24T15:00:00Z', 5 * min, 50 * s),
  job('e4', EI, 'Failed', 'carol', '2026-11-26T08:00:00Z', 8 * min, 70 * s),
  job('e5', EI, 'Failed', 'alice', '2026-11-28T07:00:00Z', 20 * min, 100 * s),
  job('t1', TI, 'Succeeded', 'bob', '2026-11-23T12:00:00Z', 2 * min, 5 * s),
  // 23:30 UTC is already the 27th in India (+5:30).
  job('t2', TI, 'Succeeded', 'alice', '2026-11-26T23:30:00Z', 4 * min, 15 * s),
  job('t3', TI, 'Cancelled', 'bob', '2026-11-27T10:00:00Z', 6 * min, 25 * s),
  job('t4', TI, 'Running', 'carol', '2026-11-28T11:00:00Z', 10 * min, null),
  job('x1', EE, 'Pending', 'alice', '2026-11-28T08:00:00Z', null, null, { scheduled: '2026-11-29T09:00:00.000Z' }),
  job('x2', EE, 'Cancelled', 'dave', '2026-11-25T09:00:00Z', null, null, { completed: '2026-11-25T09:01:00.000Z' }),
  // Outside the last 7 days, inside the last 30.
  job('o1', EI, 'Succeeded', 'dave', '2026-11-10T09:00:00Z', 30 * min, 2 * s)
]

/** A job of the queue now, as the monitor holds it. */
export function queueJob(
  id: string,
  status: JobStatus,
  position: number | null,
  submitted: string,
  started: string | null
): Job {
  return {
    id,
    name: `Queued ${id}`,
    description: null,
    type: 'ExcelImportJob',
    otherType: null,
    status,
    otherStatus: null,
    submitterName: 'alice',
    submitterRoles: [],
    submissionDate: submitted,
    scheduledExecutionDate: null,
    executionDate: started,
    completionDate: null,
    position,
    inputFileIds: [],
    outputFileNames: [],
    outputs: {},
    summary: null
  }
}
