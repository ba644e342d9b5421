import { describe, expect, it } from 'vitest'
import type { QueueSnapshot } from '../../../common/queue'
import { SnapshotPages } from '../../../main/queue/snapshot-pages'
import { job } from '../../helpers/job-fixture'

const snapshot = (n: number): QueueSnapshot => ({
  connectionId: 'c1',
  source: 'server',
  lastUpdated: null,
  error: null,
  nextPollMs: null,
  paused: false,
  scope: {},
  counts: null,
  skipped: [],
  jobs: Array.from({ length: n }, (_, i) =>
    job({
      id: `j${i}`,
      status: 'Succeeded',
      completionDate: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString()
    })
  )
})

describe('snapshot pages', () => {
  it('sends a small queue, or one asked for whole, in one answer', () => {
    const pages = new SnapshotPages()
    expect(pages.first(snapshot(10), 20)).toMatchObject({ more: null, jobs: { length: 10 } })
    expect(pages.first(snapshot(30), undefined)).toMatchObject({ more: null, jobs: { length: 30 } })
  })

  it('sends the most recent first, then every other job once, and forgets the snapshot after its last page', () => {
    const pages = new SnapshotPages()
    const first = pages.first(snapshot(25), 5)
    expect(first.jobs.map((j) => j.id)).toEqual(['j24', 'j23', 'j22', 'j21', 'j20'])
    expect(first.more?.total).toBe(25)
    const token = first.more!.token
    const seen = first.jobs.map((j) => j.id)
    for (let offset = 5, done = false; !done;) {
      const page = pages.page(token, offset, 7)
      seen.push(...page.jobs.map((j) => j.id))
      offset += page.jobs.length
      done = page.done
    }
    expect(new Set(seen).size).toBe(25)
    expect(seen).toHaveLength(25)
    expect(() => pages.page(token, 0, 7)).toThrow(/loaded again/)
  })

  it('keeps a few snapshots at once, dropping the oldest', () => {
    const pages = new SnapshotPages()
    const tokens = Array.from({ length: 6 }, () => pages.first(snapshot(10), 2).more!.token)
    expect(() => pages.page(tokens[0]!, 2, 2)).toThrow(/loaded again/)
    expect(pages.page(tokens[5]!, 2, 2).jobs).toHaveLength(2)
  })
})
