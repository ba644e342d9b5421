// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { QueueDelta, QueueSnapshot } from '../../../common/queue'
import { useQueueStore } from '../../../renderer/src/stores/queue'
import { job } from '../../helpers/job-fixture'

const status = {
  connectionId: 'c1',
  source: 'server' as const,
  lastUpdated: '2026-11-28T12:00:00.000Z',
  error: null,
  nextPollMs: 2000,
  paused: false,
  scope: {},
  counts: null,
  skipped: []
}
const snapshot = (jobs: QueueSnapshot['jobs']): QueueSnapshot => ({ ...status, jobs })
const delta = (d: Partial<QueueDelta>): QueueDelta => ({
  ...status,
  reset: false,
  added: [],
  changed: [],
  removed: [],
  ...d
})

describe('queue store: deltas', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('starts from the snapshot', () => {
    const q = useQueueStore()
    expect(q.loaded).toBe(false)
    q.applySnapshot(snapshot([job({ id: 'a' }), job({ id: 'b' })]))
    expect(q.loaded).toBe(true)
    expect(q.list.map((j) => j.id)).toEqual(['a', 'b'])
    expect(q.source).toBe('server')
  })

  it('adds, changes and removes jobs, and each delta is seen by computed views', () => {
    const q = useQueueStore()
    q.applySnapshot(snapshot([job({ id: 'a', status: 'Pending' }), job({ id: 'b' })]))
    const before = q.version
    q.applyDelta(
      delta({ added: [job({ id: 'c', name: 'New' })], changed: [job({ id: 'a', status: 'Running' })], removed: ['b'] })
    )
    expect(q.version).toBeGreaterThan(before)
    expect(q.list.map((j) => j.id).sort()).toEqual(['a', 'c'])
    expect(q.get('a')?.status).toBe('Running')
    expect(q.get('b')).toBeUndefined()
    expect(q.get('c')?.name).toBe('New')
  })

  it('tolerates removing a job it never had, and changing one it missed', () => {
    const q = useQueueStore()
    q.applySnapshot(snapshot([job({ id: 'a' })]))
    q.applyDelta(delta({ removed: ['gone'], changed: [job({ id: 'z' })] }))
    expect(q.list.map((j) => j.id).sort()).toEqual(['a', 'z'])
  })

  it('a reset drops everything first (another connection, or cache replaced by the server)', () => {
    const q = useQueueStore()
    q.applySnapshot(snapshot([job({ id: 'a' }), job({ id: 'b' })]))
    q.applyDelta(delta({ reset: true, connectionId: 'c2', added: [job({ id: 'x' })] }))
    expect(q.list.map((j) => j.id)).toEqual(['x'])
    expect(q.connectionId).toBe('c2')
  })

  it('follows the live state: source, last update, error, paused', () => {
    const q = useQueueStore()
    q.applySnapshot(snapshot([job({ id: 'a' })]))
    q.applyDelta(
      delta({
        source: 'cache',
        error: { code: 'Network', message: 'The server cannot be reached.' },
        lastUpdated: '2026-11-28T11:00:00.000Z',
        paused: true
      })
    )
    expect(q.source).toBe('cache')
    expect(q.error?.code).toBe('Network')
    expect(q.lastUpdated).toBe('2026-11-28T11:00:00.000Z')
    expect(q.paused).toBe(true)
    expect(q.online).toBe(false)
    expect(q.list).toHaveLength(1)
  })

  it('follows the list’s scope and the whole-queue counts, and remembers every submitter seen', () => {
    const q = useQueueStore()
    q.applySnapshot(snapshot([job({ id: 'a', submitterName: 'admin' }), job({ id: 'w', submitterName: 'writer' })]))
    expect([...q.submitters].sort()).toEqual(['admin', 'writer'])
    const counts = { Pending: 0, Running: 0, Succeeded: 40, Failed: 2, Cancelled: 1, total: 43 }
    q.applyDelta(delta({ removed: ['a'], scope: { submitterName: 'writer' }, counts }))
    expect(q.list.map((j) => j.id)).toEqual(['w'])
    expect(q.scope).toEqual({ submitterName: 'writer' })
    expect(q.counts).toEqual(counts)
    // The submitter filter still offers admin although the list holds only writer's jobs now.
    expect([...q.submitters].sort()).toEqual(['admin', 'writer'])
    q.applyDelta(delta({ reset: true, connectionId: 'c2', added: [job({ id: 'x', submitterName: 'sam' })] }))
    expect([...q.submitters]).toEqual(['sam'])
  })

  it('a thousand deltas over 10,000 jobs end where a fresh snapshot would', () => {
    const q = useQueueStore()
    const all = Array.from({ length: 10_000 }, (_, i) => job({ id: `j${i}`, status: 'Pending', position: i + 1 }))
    q.applySnapshot(snapshot(all))
    const truth = new Map(all.map((j) => [j.id, j]))
    for (let i = 0; i < 1000; i++) {
      const changed = job({ id: `j${(i * 7) % 10_000}`, status: 'Succeeded' })
      const added = job({ id: `n${i}` })
      const removed = `j${(i * 13 + 5) % 10_000}`
      q.applyDelta(delta({ changed: [changed], added: [added], removed: [removed] }))
      truth.set(changed.id, changed)
      truth.set(added.id, added)
      truth.delete(removed)
    }
    expect(q.list.length).toBe(truth.size)
    for (const [id, j] of truth) expect(q.get(id)?.status).toBe(j.status)
  })
})
