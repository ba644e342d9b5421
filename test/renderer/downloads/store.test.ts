// @vitest-environment happy-dom
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { api } from '../../../renderer/src/api'
import { useDownloadsStore } from '../../../renderer/src/stores/downloads'
import { HeldServer, installEngineBridge, type EngineBridge } from './engine-bridge'

vi.setConfig({ testTimeout: 30_000 })

let bridge: EngineBridge
let store: ReturnType<typeof useDownloadsStore>

beforeEach(async () => {
  bridge = await installEngineBridge(
    new HeldServer([
      { id: 'job-1', name: 'Tensile export 1', files: { 'a.xlsx': 1000, 'a.log': 400 } },
      { id: 'job-2', name: 'Tensile export 2', files: { 'c.xlsx': 2000 } }
    ])
  )
  setActivePinia(createPinia())
  store = useDownloadsStore()
})
afterEach(async () => {
  store.stop()
  await bridge.close()
})

const lists = () => bridge.calls.get('downloads.list') ?? 0
const row = (fileName: string) => [...store.items.values()].find((i) => i.fileName === fileName)

async function addBatch(): Promise<string> {
  const r = await api.call('downloads.add', {
    source: { kind: 'jobs', jobIds: ['job-1', 'job-2'] },
    destination: join(bridge.dataDir, 'out')
  })
  if (!r.ok) throw new Error(r.error.message)
  return r.value.batch.id
}

describe('downloads store', () => {
  it('starts from the list and follows a batch through progress deltas, without fetching the list again', async () => {
    await store.start()
    expect(store.loaded).toBe(true)
    expect(store.batches).toEqual([])
    expect(lists()).toBe(1)

    const batchId = await addBatch()
    // The first delta names items the store has not seen: it fetches the list once.
    await vi.waitFor(() => expect(store.itemsOf(batchId)).toHaveLength(3))
    await vi.waitFor(() => expect(bridge.server.opened).toHaveLength(3))
    const fetchedAfterAdd = lists()
    expect(fetchedAfterAdd).toBe(2)

    const a = bridge.server.opened.find((b) => b.fileName === 'a.xlsx')!
    a.stream.write(Buffer.alloc(500, 1))
    await vi.waitFor(() => {
      expect(row('a.xlsx')?.progress.bytesDone).toBe(500)
      expect(row('a.xlsx')?.progress.state).toBe('active')
      expect(row('a.xlsx')?.progress.totalBytes).toBe(1000)
    })
    expect(store.batches[0]?.progress.bytesDone).toBeGreaterThanOrEqual(500)
    expect(store.counts.active).toBe(3)

    for (const b of bridge.server.opened) b.stream.end(Buffer.alloc(b.size - (b === a ? 500 : 0), 2))
    await vi.waitFor(() =>
      expect(store.batches[0]?.progress.counts).toMatchObject({ total: 3, done: 3, active: 0, queued: 0 })
    )
    expect([...store.items.values()].map((i) => i.progress.state)).toEqual(['done', 'done', 'done'])
    expect(row('c.xlsx')?.progress.targetPath).toBe(join(bridge.dataDir, 'out', 'Tensile export 2 (job2)', 'c.xlsx'))
    expect(store.total?.counts.done).toBe(3)
    expect(lists()).toBe(fetchedAfterAdd)

    // Clearing arrives as removals in a delta, too.
    expect(await store.clearCompleted()).toBeNull()
    await vi.waitFor(() => expect(store.batches).toHaveLength(0))
    expect(store.items.size).toBe(0)
    expect(lists()).toBe(fetchedAfterAdd)
  })

  it('shows a pause, a cancel and a retry of single items as main reports them', async () => {
    await store.start()
    await addBatch()
    await vi.waitFor(() => expect(bridge.server.opened).toHaveLength(3))
    await vi.waitFor(() => expect(row('c.xlsx')?.progress.state).toBe('active'))
    const c = row('c.xlsx')!

    expect(await store.act('pause', { kind: 'item', itemId: c.id })).toBeNull()
    await vi.waitFor(() => expect(row('c.xlsx')?.progress).toMatchObject({ state: 'paused', pauseReason: 'user' }))
    expect(store.counts.paused).toBe(1)

    expect(await store.act('cancel', { kind: 'item', itemId: c.id })).toBeNull()
    await vi.waitFor(() => expect(row('c.xlsx')?.progress.state).toBe('cancelled'))

    // "Retry failed" leaves cancelled items alone; a retry of the item itself queues it again.
    expect(await store.retryFailed()).toBeNull()
    expect(row('c.xlsx')?.progress.state).toBe('cancelled')
    expect(await store.act('retry', { kind: 'item', itemId: c.id })).toBeNull()
    await vi.waitFor(() => expect(bridge.server.opened).toHaveLength(4))
    await vi.waitFor(() => expect(row('c.xlsx')?.progress.state).toBe('active'))
  })

  it('returns errors from main as values, and keeps the concurrency main accepted', async () => {
    await store.start()
    expect(await store.setConcurrency(16)).toBeNull()
    expect(store.settings.concurrency).toBe(16)
    const refused = await store.setConcurrency(17)
    expect(refused?.code).toBe('Validation')
    expect(store.settings.concurrency).toBe(16)
    const missing = await store.act('pause', { kind: 'item', itemId: 'no-such-item' })
    expect(missing).toMatchObject({ code: 'NotFound', message: 'That download is no longer in the list.' })
  })
})
