// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { effectiveStatuses, jobTypes } from '../../../common/domain'
import {
  emptyFilters,
  filterJobs,
  filtersToQuery,
  isFiltered,
  queryToFilters,
  withFilters,
  type QueueFilters
} from '../../../renderer/src/components/queue/filters'
import { datePresets } from '../../../renderer/src/components/queue/date-presets'
import { nextSort, queueOrder, sortJobs } from '../../../renderer/src/components/queue/columns'
import { job } from '../../helpers/job-fixture'

const now = new Date('2026-11-28T12:00:00Z')
const ctx = { username: 'writer', now }

describe('filters ⇄ route query', () => {
  it('an unfiltered queue has an empty query', () => {
    expect(filtersToQuery(emptyFilters())).toEqual({})
    expect(queryToFilters({})).toEqual(emptyFilters())
    expect(isFiltered(emptyFilters())).toBe(false)
  })

  it('round-trips every combination of filters', () => {
    const day = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
    const filters = fc.record<QueueFilters>({
      text: fc.string({ maxLength: 40 }).filter((s) => s.trim() === s && s !== ''),
      types: fc.subarray([...jobTypes]),
      statuses: fc.subarray([...effectiveStatuses]),
      submitter: fc.string({ maxLength: 20 }),
      mine: fc.boolean(),
      from: fc.oneof(fc.constant(''), day),
      to: fc.oneof(fc.constant(''), day),
      within: fc.constantFrom('' as const, ...datePresets)
    })
    fc.assert(
      fc.property(filters, (f) => {
        // A quick range replaces the days picked.
        const expected = f.within ? { ...f, from: '', to: '' } : f
        expect(queryToFilters(filtersToQuery(expected))).toEqual(expected)
      })
    )
  })

  it('takes a day range as a link gives it (Insights), and ignores days that are not on the calendar', () => {
    expect(
      queryToFilters({ from: '2026-11-28', to: '2026-11-28', status: 'CompletedWithErrors', type: 'ExcelImportJob' })
    ).toEqual({
      ...emptyFilters(),
      from: '2026-11-28',
      to: '2026-11-28',
      statuses: ['CompletedWithErrors'],
      types: ['ExcelImportJob']
    })
    expect(queryToFilters({ from: '2026-02-30', to: '2026-13-01' })).toEqual(emptyFilters())
    expect(queryToFilters({ from: '2024-02-29', to: '2025-02-29' })).toEqual({ ...emptyFilters(), from: '2024-02-29' })
  })

  it('ignores values it does not know, and keeps other query keys', () => {
    expect(queryToFilters({ type: 'Nope,TextImportJob', status: 'Weird', from: 'yesterday', mine: 'yes' })).toEqual({
      ...emptyFilters(),
      types: ['TextImportJob']
    })
    expect(withFilters({ job: 'j1', q: 'old', status: 'Failed' }, { ...emptyFilters(), text: 'new' })).toEqual({
      job: 'j1',
      q: 'new'
    })
  })
})

describe('filtering rows', () => {
  const jobs = [
    job({
      id: '1',
      name: 'Tensile import',
      description: 'Lab batch',
      submitterName: 'writer',
      submissionDate: '2026-11-20T10:00:00Z'
    }),
    job({
      id: '2',
      name: 'Weekly export',
      type: 'ExcelExportJob',
      description: 'For the tensile lab',
      submitterName: 'admin',
      submissionDate: '2026-11-22T10:00:00Z'
    }),
    job({
      id: '3',
      name: 'Text import',
      type: 'TextImportJob',
      status: 'Failed',
      submitterName: 'Writer',
      submissionDate: '2026-11-25T10:00:00Z'
    }),
    job({
      id: '4',
      name: 'Later',
      status: 'Pending',
      submissionDate: '2026-11-27T10:00:00Z',
      completionDate: null,
      executionDate: null,
      position: 1,
      scheduledExecutionDate: '2026-12-01T00:00:00Z',
      submitterName: 'sam'
    })
  ]
  const ids = (f: Partial<QueueFilters>) => filterJobs(jobs, { ...emptyFilters(), ...f }, ctx).map((j) => j.id)

  it('text matches name or description, ignoring case', () => {
    expect(ids({ text: 'TENSILE' })).toEqual(['1', '2'])
    expect(ids({ text: '  lab ' })).toEqual(['1', '2'])
    expect(ids({ text: 'nothing like it' })).toEqual([])
  })
  it('type, status (shown statuses) and submitter', () => {
    expect(ids({ types: ['ExcelExportJob', 'TextImportJob'] })).toEqual(['2', '3'])
    expect(ids({ statuses: ['Failed'] })).toEqual(['3'])
    expect(ids({ statuses: ['Scheduled'] })).toEqual(['4'])
    expect(ids({ statuses: ['Pending'] })).toEqual([])
    expect(ids({ submitter: 'admin' })).toEqual(['2'])
  })
  it('"only mine" is the signed-in user, whatever the case', () => {
    expect(ids({ mine: true })).toEqual(['1', '3'])
    expect(filterJobs(jobs, { ...emptyFilters(), mine: true }, { username: null, now })).toEqual([])
  })
  it('a date range covers whole local days', () => {
    const local = (iso: string) => {
      const d = new Date(iso)
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
    }
    expect(ids({ from: local('2026-11-22T10:00:00Z'), to: local('2026-11-25T10:00:00Z') })).toEqual(['2', '3'])
    expect(ids({ from: local('2026-11-25T10:00:00Z') })).toEqual(['3', '4'])
    expect(ids({ to: local('2026-11-20T10:00:00Z') })).toEqual(['1'])
  })
  it('filters combine', () => {
    expect(ids({ text: 'import', mine: true, statuses: ['Failed'] })).toEqual(['3'])
  })
})

describe('order', () => {
  const jobs = [
    job({ id: 'old', completionDate: '2026-11-20T10:02:00Z' }),
    job({ id: 'p2', status: 'Pending', position: 2, executionDate: null, completionDate: null }),
    job({ id: 'new', completionDate: '2026-11-27T10:02:00Z', name: 'Alpha' }),
    job({ id: 'run', status: 'Running', position: 1, completionDate: null }),
    job({ id: 'p1', status: 'Pending', position: 1, executionDate: null, completionDate: null, name: 'Zulu' }),
    job({ id: 'mid', status: 'Failed', completionDate: '2026-11-24T10:02:00Z', name: 'beta' })
  ]
  it('Pending and Running first in position order, then the rest by most recent', () => {
    expect(sortJobs(jobs, { column: null, direction: 'asc' }, now).map((j) => j.id)).toEqual([
      'run',
      'p1',
      'p2',
      'new',
      'mid',
      'old'
    ])
    expect([...jobs].sort(queueOrder).map((j) => j.id)).toEqual(['run', 'p1', 'p2', 'new', 'mid', 'old'])
  })
  it('sorts by a column both ways, empty values last', () => {
    expect(sortJobs(jobs, { column: 'completed', direction: 'desc' }, now).map((j) => j.id)).toEqual([
      'new',
      'mid',
      'old',
      'run',
      'p1',
      'p2'
    ])
    expect(sortJobs(jobs, { column: 'completed', direction: 'asc' }, now).map((j) => j.id)).toEqual([
      'old',
      'mid',
      'new',
      'run',
      'p1',
      'p2'
    ])
    const byName = sortJobs(jobs, { column: 'name', direction: 'asc' }, now).map((j) => j.name)
    expect(byName.slice(0, 2)).toEqual(['Alpha', 'beta'])
    expect(sortJobs(jobs, { column: 'status', direction: 'asc' }, now)[0]?.status).toBe('Pending')
  })
  it('a header click goes ascending, descending, then back to the queue order', () => {
    let s = nextSort({ column: null, direction: 'asc' }, 'name')
    expect(s).toEqual({ column: 'name', direction: 'asc' })
    s = nextSort(s, 'name')
    expect(s).toEqual({ column: 'name', direction: 'desc' })
    expect(nextSort(s, 'name')).toEqual({ column: null, direction: 'asc' })
    expect(nextSort(s, 'type')).toEqual({ column: 'type', direction: 'asc' })
  })
})
