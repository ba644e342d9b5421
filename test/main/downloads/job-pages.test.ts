import { describe, expect, it } from 'vitest'
import type { JobListFilters } from '../../../common/domain'
import { layoutOnly, listAllJobs } from '../../../main/downloads/job-pages'
import type { LayoutJob } from '../../../main/downloads/layout'
import type { JobDirectory } from '../../../main/downloads/source'

const job = (i: number): LayoutJob & { description: string } => ({
  id: `job-${i}`,
  name: `Job ${i}`,
  outputFileNames: [`f${i}.txt`],
  description: 'dropped'
})

/** A directory over `all` that pages as the server does (or ignores paging), recording each request. */
function directory(all: LayoutJob[], opts: { pages?: boolean; total?: boolean } = {}) {
  const asked: JobListFilters[] = []
  const dir: JobDirectory = {
    getJob: () => Promise.reject(new Error('not used')),
    outputNames: () => Promise.reject(new Error('not used')),
    listJobs(filters) {
      asked.push(filters)
      const size = filters.pageSize ?? all.length
      const from = opts.pages === false ? 0 : ((filters.pageNumber ?? 1) - 1) * size
      const jobs = opts.pages === false ? all : all.slice(from, from + size)
      return Promise.resolve(opts.total === false ? { jobs } : { jobs, totalResultCount: all.length })
    }
  }
  return { dir, asked }
}

describe('listAllJobs', () => {
  it('asks page by page with the filter and stops at the short last page', async () => {
    const all = Array.from({ length: 7 }, (_, i) => job(i))
    const { dir, asked } = directory(all, { total: false })
    const r = await listAllJobs(dir, { status: 'Succeeded' }, 3)
    expect(r.jobs.map((j) => j.id)).toEqual(all.map((j) => j.id))
    expect(asked).toEqual([1, 2, 3].map((pageNumber) => ({ status: 'Succeeded', pageSize: 3, pageNumber })))
  })

  it('stops at the server total when the last page is full', async () => {
    const { dir, asked } = directory(Array.from({ length: 6 }, (_, i) => job(i)))
    expect((await listAllJobs(dir, {}, 3)).jobs).toHaveLength(6)
    expect(asked).toHaveLength(2)
  })

  it('reads a full last page without a total, then an empty one', async () => {
    const { dir, asked } = directory(
      Array.from({ length: 6 }, (_, i) => job(i)),
      { total: false }
    )
    expect((await listAllJobs(dir, {}, 3)).jobs).toHaveLength(6)
    expect(asked).toHaveLength(3)
  })

  it('takes a server that does not page at its first answer', async () => {
    const all = Array.from({ length: 5 }, (_, i) => job(i))
    for (const total of [true, false]) {
      const { dir, asked } = directory(all, { pages: false, total })
      const r = await listAllJobs(dir, {}, 2)
      expect(r.jobs.map((j) => j.id)).toEqual(all.map((j) => j.id))
      expect(asked).toHaveLength(1)
    }
  })

  it('counts a job listed on two pages once, and stops at a page that brings nothing new', async () => {
    const all = Array.from({ length: 6 }, (_, i) => job(i))
    const { dir, asked } = directory(all, { total: false })
    const again = dir.listJobs.bind(dir)
    // The queue moved: page 2 repeats page 1.
    dir.listJobs = (f) => again(f.pageNumber === 2 ? { ...f, pageNumber: 1 } : f)
    const r = await listAllJobs(dir, {}, 3)
    expect(r.jobs.map((j) => j.id)).toEqual(all.slice(0, 3).map((j) => j.id))
    expect(asked).toHaveLength(2)
  })

  it('asks for the next pages while one is read, never past the server total, in page order', async () => {
    const all = Array.from({ length: 10 }, (_, i) => job(i))
    const { dir } = directory(all)
    const asked: (number | undefined)[] = []
    let inFlight = 0
    let most = 0
    const plain = dir.listJobs.bind(dir)
    dir.listJobs = async (f) => {
      asked.push(f.pageNumber)
      most = Math.max(most, ++inFlight)
      // Later pages answer sooner: the result must still be in page order.
      await new Promise((r) => setTimeout(r, 20 - (f.pageNumber ?? 1) * 4))
      inFlight--
      return plain(f)
    }
    const r = await listAllJobs(dir, {}, 3)
    expect(r.jobs.map((j) => j.id)).toEqual(all.map((j) => j.id))
    expect(asked).toEqual([1, 2, 3, 4])
    expect(most).toBe(2)
  })

  it('keeps only what the layout reads, with the listed output names', async () => {
    const { dir } = directory([job(1)])
    const [only] = (await listAllJobs(dir, {}, 10)).jobs
    expect(only).toEqual({ id: 'job-1', name: 'Job 1', outputFileNames: ['f1.txt'] })
    expect(Object.keys(layoutOnly(job(2)))).not.toContain('description')
  })

  it('gathers the skipped items of every page', async () => {
    let n = 0
    const dir: JobDirectory = {
      getJob: () => Promise.reject(new Error('not used')),
      outputNames: () => Promise.reject(new Error('not used')),
      listJobs: () =>
        Promise.resolve(
          n++ === 0
            ? { jobs: [job(1)], skipped: [{ id: 'x', field: 'results.1.id', reason: 'bad' }] }
            : { jobs: [], skipped: [{ id: null, field: 'results.0.id', reason: 'worse' }] }
        )
    }
    const r = await listAllJobs(dir, {}, 2)
    expect(r.skipped.map((s) => s.reason)).toEqual(['bad', 'worse'])
  })
})
