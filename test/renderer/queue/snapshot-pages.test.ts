// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { InvokeChannel } from '../../../common/contract'
import { sortJobs } from '../../../common/queue-view/sort'
import { FIRST_PAGE, useQueueStore } from '../../../renderer/src/stores/queue'
import { queueBridge } from './queue-bridge'

vi.setConfig({ testTimeout: 60_000 })
const JOBS = 1_200

describe('queue store: a large queue arrives first page first, the rest in pages', () => {
  let bridge: Awaited<ReturnType<typeof queueBridge>> | undefined
  let beforeCall: (channel: InvokeChannel) => void = () => {}
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(async () => {
    useQueueStore().dispose()
    await bridge?.close()
    bridge = undefined
    beforeCall = () => {}
  })

  it('shows the first page in queue order, then holds every job exactly as listed', async () => {
    bridge = await queueBridge({ seedJobs: JOBS, still: true, beforeCall: (c) => beforeCall(c) })
    const store = useQueueStore()
    let firstShown: string[] = []
    beforeCall = (channel) => {
      if (channel === 'queue.snapshotPage' && firstShown.length === 0) firstShown = [...store.jobs.keys()]
    }
    // The monitor's first listing is complete: the snapshot is then of the whole queue.
    await vi.waitFor(() => expect(bridge?.queue.monitor.peek().jobs.length).toBe(JOBS), 20_000)
    await store.start()

    const expectedFirst = sortJobs(bridge.all, { column: null, direction: 'asc' }, new Date())
      .slice(0, FIRST_PAGE)
      .map((j) => j.id)
    expect(firstShown).toEqual(expectedFirst)
    const pages = bridge.calls.filter((c) => c.channel === 'queue.snapshotPage')
    expect(pages.length).toBeGreaterThan(0)
    expect(store.remaining).toBe(0)
    expect([...store.jobs.keys()].sort()).toEqual(bridge.all.map((j) => j.id).sort())
    expect(bridge.calls.find((c) => c.channel === 'queue.snapshot')?.input).toEqual({ firstPage: FIRST_PAGE })
  })

  it('keeps what a delta said while the pages were fetched: a page is older than the delta', async () => {
    bridge = await queueBridge({ seedJobs: JOBS, still: true, beforeCall: (c) => beforeCall(c) })
    const b = bridge
    const store = useQueueStore()
    const later = sortJobs(b.all, { column: null, direction: 'asc' }, new Date()).slice(FIRST_PAGE).at(-1)!
    let renamed = false
    beforeCall = (channel) => {
      if (channel !== 'queue.snapshotPage' || renamed) return
      renamed = true
      // Between the first page and the rest, main tells the view that a job of a later page was renamed.
      const renamedJob = { ...later, name: 'Renamed while loading' }
      const { jobs: _, ...status } = b.queue.monitor.snapshot()
      b.events.emit('queue.delta', { ...status, reset: false, added: [], changed: [renamedJob], removed: [] })
      expect(store.jobs.get(later.id)?.name).toBe('Renamed while loading')
    }
    // The monitor's first listing is complete: the snapshot is then of the whole queue.
    await vi.waitFor(() => expect(bridge?.queue.monitor.peek().jobs.length).toBe(JOBS), 20_000)
    await store.start()
    expect(renamed).toBe(true)
    expect(store.jobs.get(later.id)?.name).toBe('Renamed while loading')
    expect(store.jobs.size).toBe(JOBS)
    expect(b.calls.filter((c) => c.channel === 'queue.snapshot')).toHaveLength(1)
  })
})
