import PQueue from 'p-queue'
import { describe, expect, it } from 'vitest'
import { LazyFeed } from '../../../main/downloads/lazy-feed'

describe('LazyFeed', () => {
  it('runs every id once, in order, with only a few tasks in the pool at a time', async () => {
    const queue = new PQueue({ concurrency: 2 })
    const ran: string[] = []
    let mostWaiting = 0
    const feed = new LazyFeed(queue, async (id) => {
      mostWaiting = Math.max(mostWaiting, queue.size)
      await new Promise((r) => setImmediate(r))
      ran.push(id)
    })
    const ids = Array.from({ length: 3000 }, (_, i) => `i${i}`)
    for (const id of ids) feed.push(id)
    expect(queue.size).toBeLessThanOrEqual(16)
    expect(feed.size).toBeGreaterThan(2900)
    while (feed.size + queue.size + queue.pending > 0) await queue.onIdle()
    expect(ran).toEqual(ids)
    expect(mostWaiting).toBeLessThanOrEqual(16)
    expect(feed.size).toBe(0)
  })

  it('waits while the pool is paused and forgets what it held when cleared', async () => {
    const queue = new PQueue({ concurrency: 1, autoStart: false })
    const ran: string[] = []
    const feed = new LazyFeed(queue, (id) => {
      ran.push(id)
      return Promise.resolve()
    })
    for (let i = 0; i < 100; i++) feed.push(`i${i}`)
    expect(feed.size).toBe(84)
    feed.clear()
    queue.start()
    await queue.onIdle()
    expect(ran).toEqual(Array.from({ length: 16 }, (_, i) => `i${i}`))
    expect(feed.size).toBe(0)
  })
})
