import { describe, expect, it } from 'vitest'
import { isPlainGsaJob } from '../../../main/granta/gsa-job-shape'
import { bounds, gsaGetJobsResponseSchema, gsaJobSchema, jobFromWire, readPlainJob } from '../../../main/granta/schemas'

const base = {
  id: '0b7f2a52-8c38-4a52-9a59-000000000001',
  name: 'job',
  description: 'a job',
  type: 'ExcelImportJob',
  status: 'Succeeded',
  submitterName: 'writer',
  submitterRoles: ['MI_USER'],
  submissionDate: '2026-11-29T11:59:51.327Z',
  scheduledExecutionDate: null,
  executionDate: '2026-11-29T12:00:00.000Z',
  completionDate: '2026-11-29T12:01:00+01:00',
  position: 3,
  inputFileIds: ['f1'],
  outputFileNames: ['job.log'],
  jobSpecificOutputs: { summary: '{"FinishedSuccessfully": false, "NumberOfErrors": 3}' }
}

const long = (n: number) => 'x'.repeat(n)
/** Values of every JSON kind, and strings at and past each bound. */
const palette: unknown[] = [
  undefined,
  null,
  '',
  'x',
  long(bounds.word),
  long(bounds.word + 1),
  long(bounds.userName + 1),
  long(bounds.fileName + 1),
  '2026-11-29T11:59:51.327Z',
  '2026-13-45T99:99:99.000Z',
  'not a date',
  0,
  3,
  -1,
  1.5,
  2 ** 53,
  true,
  [],
  ['a'],
  [1],
  [null],
  [long(bounds.id + 1)],
  [long(bounds.fileName + 1)],
  {},
  { summary: 'not json' },
  { summary: { FinishedSuccessfully: true } },
  Object.create(null) as unknown,
  new Date(0)
]

const mutants: Record<string, unknown>[] = Object.keys(gsaJobSchema.shape).flatMap((field) =>
  palette.map((value) => {
    const job: Record<string, unknown> = { ...base }
    if (value === undefined) delete job[field]
    else job[field] = value
    return job
  })
)

describe('the quick shape check of a listed job', () => {
  it('never accepts a job the schema refuses, and reads what it accepts exactly as the schema does', () => {
    let accepted = 0
    for (const raw of mutants) {
      if (!isPlainGsaJob(raw)) continue
      accepted++
      const slow = jobFromWire.safeParse(raw)
      const quick = readPlainJob(raw)
      if (quick === undefined) expect(slow.success, JSON.stringify(raw)).toBe(false)
      else expect(quick, JSON.stringify(raw).slice(0, 200)).toEqual(slow.success ? slow.data : 'refused by the schema')
    }
    expect(accepted).toBeGreaterThan(100)
  })

  it('accepts the plain jobs a server sends, so a full list takes the quick path', () => {
    const plain = mutants.filter((m) => gsaJobSchema.safeParse(m).success && !(m['jobSpecificOutputs'] instanceof Date))
    const refused = plain.filter((m) => !isPlainGsaJob(m))
    expect(refused.map((m) => JSON.stringify(m).slice(0, 120))).toEqual([])
  })

  it('still reports one bad job of a list by its field, and keeps the rest', () => {
    const r = gsaGetJobsResponseSchema.parse({
      totalResultCount: 3,
      results: [base, { ...base, id: 'b', completionDate: 'not a date' }, { ...base, id: 'c', position: 'x' }]
    })
    expect(r.results.map((j) => j.id)).toEqual([base.id])
    expect(r.skipped.map((s) => [s.id, s.field])).toEqual([
      ['b', 'results.1.completionDate'],
      ['c', 'results.2.position']
    ])
  })
})
