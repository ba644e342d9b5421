import { describe, expect, it } from 'vitest'
import { DeltaThrottle } from '../../../main/drafts/delta-throttle'
import { ManualClock } from '../../helpers/manual-clock'

describe('DeltaThrottle', () => {
  it('sends at most once per interval, merging changes by key, and loses nothing', () => {
    const clock = new ManualClock()
    const sent: { changed: string[]; removed: string[]; at: number }[] = []
    const t = new DeltaThrottle<string, string>(
      (changed, removed) => sent.push({ changed, removed, at: clock.now().getTime() }),
      100,
      clock
    )
    const start = clock.now().getTime()
    // 1000 updates over one second to three keys, plus one key that comes and goes.
    for (let i = 0; i < 1000; i++) {
      t.set(`k${i % 3}`, `v${i}`)
      if (i === 10) t.set('gone', 'x')
      if (i === 500) t.remove('gone')
      clock.advance(1)
    }
    clock.advance(200)
    expect(sent.length).toBeLessThanOrEqual(11)
    for (let i = 1; i < sent.length; i++)
      expect((sent[i]?.at ?? 0) - (sent[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(100)
    expect(sent[0]).toEqual({ changed: ['v0'], removed: [], at: start })
    // The last value of every key arrives.
    const last = new Map<string, string>()
    for (const s of sent) for (const v of s.changed) if (v !== 'x') last.set(`k${Number(v.slice(1)) % 3}`, v)
    expect(last).toEqual(
      new Map([
        ['k0', 'v999'],
        ['k1', 'v997'],
        ['k2', 'v998']
      ])
    )
    expect(sent.some((s) => s.removed.includes('gone'))).toBe(true)
  })

  it('flush sends what is pending at once', () => {
    const sent: string[][] = []
    const t = new DeltaThrottle<string, string>((changed) => sent.push(changed), 100, new ManualClock())
    t.set('a', '1')
    t.set('a', '2')
    t.set('b', '3')
    expect(t.hasPending()).toBe(true)
    t.flush()
    expect(sent).toEqual([['1'], ['2', '3']])
    expect(t.hasPending()).toBe(false)
  })
})
