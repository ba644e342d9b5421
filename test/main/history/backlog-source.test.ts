import { describe, expect, it } from 'vitest'
import { backlogJobs } from '../../../main/history/backlog-source'
import { testLogger } from '../../helpers/logger'
import { queueJob } from '../../common/insights/hand-built'

const held = { connectionId: 'c', jobs: [queueJob('held', 'Succeeded', null, '2026-11-28T10:00:00.000Z', null)] }
const server = {
  Pending: [queueJob('p1', 'Pending', 1, '2026-11-28T10:00:00.000Z', null)],
  Running: [queueJob('r1', 'Running', null, '2026-11-28T10:00:00.000Z', '2026-11-28T10:01:00.000Z')]
}

describe('the backlog Insights shows', () => {
  it('is the monitor’s list when it holds the whole queue', async () => {
    const list = () => Promise.reject(new Error('not asked'))
    expect(await backlogJobs({ held: () => held, scope: () => ({}), list, logger: testLogger() })).toBe(held)
  })

  it('comes from the server when the Queue view is filtered, and from the monitor when the server cannot answer', async () => {
    const scoped = { held: () => held, scope: () => ({ status: 'Succeeded' as const }), logger: testLogger() }
    const fromServer = await backlogJobs({ ...scoped, list: (s) => Promise.resolve(server[s]) })
    expect(fromServer.jobs.map((j) => j.id)).toEqual(['r1', 'p1'])
    expect(await backlogJobs({ ...scoped, list: () => Promise.reject(new Error('offline')) })).toBe(held)
  })
})
