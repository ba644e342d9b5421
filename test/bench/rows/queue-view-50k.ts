import { performance } from 'node:perf_hooks'
import type { Job } from '../../../common/domain'
import { emptyFilters, type QueueFilters } from '../../../common/queue-view/filter'
import { queueRows } from '../../../common/queue-view/rows'
import type { SortState } from '../../../common/queue-view/sort'
import { job } from '../../helpers/job-fixture'
import type { BenchRow } from '../run'

const JOBS = 50_000
const RUNS = 9
const types = ['ExcelImportJob', 'ExcelExportJob', 'TextImportJob'] as const
const statuses = ['Succeeded', 'Failed', 'Cancelled', 'Pending', 'Running'] as const

function jobs(): Job[] {
  return Array.from({ length: JOBS }, (_, i) =>
    job({
      id: `job-${i}`,
      name: `Tensile batch ${i} import`,
      description: i % 7 === 0 ? 'quartz samples' : null,
      type: types[i % 3],
      status: statuses[i % 5],
      submitterName: ['admin', 'writer', 'jane.doe', 'sam.lee'][i % 4],
      submissionDate: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      position: i % 5 >= 3 ? i : null
    })
  )
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

function time(fn: () => unknown): number {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    fn()
    times.push(performance.now() - t0)
  }
  return median(times)
}

/**
 * The Queue view's filter and sort (common/queue-view, as the window and an export run them) over 50,000 jobs:
 * a text search, two statuses and a date range, sorted by name. Target < 50 ms. Baseline: the least code that
 * gives the same rows — one Array.filter on the raw fields and a sort with localeCompare — in the same run.
 */
const row: BenchRow = {
  name: 'Queue view filter + sort, 50,000 jobs',
  run() {
    const all = jobs()
    const filters: QueueFilters = {
      ...emptyFilters(),
      text: 'batch 1',
      statuses: ['Succeeded', 'Failed'],
      from: '2026-11-02',
      to: '2026-12-31'
    }
    const sort: SortState = { column: 'name', direction: 'asc' }
    const context = { username: 'admin', now: new Date('2026-12-02T12:00:00Z') }
    const ours = time(() => queueRows(all, filters, sort, context))
    const from = Date.parse('2026-11-02T00:00:00')
    const plain = () =>
      all
        .filter(
          (j) =>
            (j.status === 'Succeeded' || j.status === 'Failed') &&
            Date.parse(j.submissionDate) >= from &&
            (j.name.toLowerCase().includes('batch 1') || (j.description ?? '').toLowerCase().includes('batch 1'))
        )
        .sort((a, b) => a.name.localeCompare(b.name))
    const baseline = time(plain)
    const shown = queueRows(all, filters, sort, context).length
    if (shown !== plain().length) throw new Error(`the view shows ${shown} rows, the baseline ${plain().length}`)
    const unsorted = time(() => queueRows(all, { ...emptyFilters() }, { column: null, direction: 'asc' }, context))
    return Promise.resolve({
      ours,
      baseline,
      unit: `ms (median of ${RUNS})`,
      note: `${shown} rows shown (< 50 ms); no filter, queue order: ${unsorted.toFixed(1)} ms; baseline = Array.filter + localeCompare sort`
    })
  }
}

export default row
