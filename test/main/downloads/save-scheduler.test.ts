import { describe, expect, it } from 'vitest'
import type { Clock } from '../../../main/clock'
import { SaveScheduler } from '../../../main/downloads/save-scheduler'

/** A clock whose timers run only when the test moves time on, and a save that takes `cost` ms of that time. */
function rig(cost: number) {
  let now = 0
  const timers: { at: number; fn: () => void }[] = []
  const clock: Clock = {
    now: () => new Date(now),
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn }
      timers.push(t)
      return () => timers.splice(timers.indexOf(t), 1)
    }
  }
  const saves: number[] = []
  const scheduler = new SaveScheduler(
    async () => {
      saves.push(now)
      now += cost
      await Promise.resolve()
    },
    clock,
    () => now
  )
  const advance = async (ms: number) => {
    const end = now + ms
    for (;;) {
      timers.sort((a, b) => a.at - b.at)
      const t = timers[0]
      if (!t || t.at > end) break
      timers.shift()
      now = Math.max(now, t.at)
      t.fn()
      await new Promise((r) => setImmediate(r))
    }
    now = Math.max(now, end)
  }
  return { scheduler, saves, advance, now: () => now }
}

describe('SaveScheduler', () => {
  it('writes a small queue 250 ms after a change', async () => {
    const { scheduler, saves, advance } = rig(1)
    scheduler.soon()
    scheduler.soon()
    await advance(249)
    expect(saves).toEqual([])
    await advance(1)
    expect(saves).toEqual([250])
    scheduler.soon()
    await advance(250)
    expect(saves).toEqual([250, 501])
  })

  it('spaces the writes of a queue that takes long to write to ten times their cost', async () => {
    const { scheduler, saves, advance } = rig(300)
    scheduler.soon()
    await advance(250)
    expect(saves).toEqual([250])
    expect(scheduler.spacingMs).toBe(3000)
    scheduler.soon()
    await advance(2_000)
    expect(saves).toHaveLength(1)
    await advance(1_000)
    expect(saves).toEqual([250, 3250])
    // The progress tick keeps the same spacing.
    scheduler.tick(3250 + 300 + 2_500, 4)
    expect(saves).toHaveLength(2)
    scheduler.tick(3250 + 3_001, 4)
    expect(saves).toHaveLength(3)
  })
})
