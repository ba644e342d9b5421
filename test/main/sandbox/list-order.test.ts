import { afterEach, describe, expect, it } from 'vitest'
import { openSandbox, type TestSandbox } from './helpers/sandbox-fixture'

interface Page {
  totalResultCount: number
  results: { id: string; submissionDate: string }[]
}

let t: TestSandbox | undefined
afterEach(() => t?.close())

const list = async (sb: TestSandbox, q: Record<string, string | number>): Promise<Page> =>
  JSON.parse((await sb.as('reader').get('jobs', { searchParams: q })).body) as Page

describe('sandbox job list: order and the queries it received', () => {
  it('lists newest first when asked to, page by page, and keeps each list query string', async () => {
    t = await openSandbox({ seedJobs: 7, listOrder: 'newest-first' })
    const sb = t
    const all = await list(sb, {})
    const oldest = await openSandbox({ seedJobs: 7 })
    const submission = await list(oldest, {})
    await oldest.close()
    const dates = all.results.map((j) => Date.parse(j.submissionDate))
    expect(dates).toEqual([...dates].sort((a, b) => b - a))
    const submitted = submission.results.map((j) => Date.parse(j.submissionDate))
    expect(submitted).toEqual([...submitted].sort((a, b) => a - b))
    const pages = [await list(sb, { pageSize: 3, pageNumber: 1 }), await list(sb, { pageSize: 3, pageNumber: 3 })]
    expect(pages.map((p) => p.results.map((j) => j.id))).toEqual([
      all.results.slice(0, 3).map((j) => j.id),
      all.results.slice(6).map((j) => j.id)
    ])
    await list(sb, { status: 'Pending', submitterNameFilter: 'writer' })
    expect(sb.sandbox.stats().listQueries).toEqual([
      '',
      'pageSize=3&pageNumber=1',
      'pageSize=3&pageNumber=3',
      'status=Pending&submitterNameFilter=writer'
    ])
  })
})
