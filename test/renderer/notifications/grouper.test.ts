import { describe, expect, it } from 'vitest'
import { FinishedGrouper, type FinishedGroup } from '../../../renderer/src/notifications/grouper'
import { FakeTime, finished } from './events'

function grouper() {
  const clock = new FakeTime()
  const shown: (FinishedGroup | null)[] = []
  const g = new FinishedGrouper({
    now: () => clock.now(),
    setTimeout: (f, ms) => clock.setTimeout(f, ms),
    show: (group) => shown.push(group)
  })
  const current = () => shown.at(-1) ?? null
  return { g, clock, current }
}

describe('grouping job-finished notifications', () => {
  it('makes one notification of several events in the window, with the count of failures', () => {
    const { g, clock, current } = grouper()
    g.add(finished('a'))
    clock.advance(1_000)
    g.add(finished('b', 'failed'))
    clock.advance(1_000)
    g.add(finished('c'))
    expect(current()?.title).toBe('3 jobs finished, 1 failed')
    expect(current()?.tone).toBe('error')
    expect(current()?.events.map((e) => e.jobId)).toEqual(['a', 'b', 'c'])
  })

  it('says "2 jobs failed" when every one failed, and counts cancellations too', () => {
    const { g, current } = grouper()
    g.add(finished('a', 'failed'))
    g.add(finished('b', 'failed'))
    expect(current()?.title).toBe('2 jobs failed')
    g.add(finished('c', 'cancelled'))
    g.add(finished('d'))
    expect(current()?.title).toBe('4 jobs finished, 2 failed, 1 cancelled')
  })

  it('names a single job and its status', () => {
    const { g, current } = grouper()
    g.add(finished('a', 'cancelled'))
    expect(current()?.title).toBe('Job a: Cancelled')
    expect(current()?.tone).toBe('warn')
  })

  it('shows events far apart separately', () => {
    const { g, clock, current } = grouper()
    g.add(finished('a'))
    const first = current()?.id
    clock.advance(5_100)
    g.add(finished('b'))
    expect(current()?.title).toBe('Job b: Succeeded')
    expect(current()?.id).not.toBe(first)
  })

  it('dismisses itself a few seconds after the last event; a failure stays longer', () => {
    const { g, clock, current } = grouper()
    g.add(finished('a'))
    clock.advance(5_900)
    expect(current()).not.toBeNull()
    clock.advance(200)
    expect(current()).toBeNull()
    g.add(finished('b', 'failed'))
    clock.advance(10_000)
    expect(current()?.title).toBe('Job b: Failed')
    clock.advance(5_100)
    expect(current()).toBeNull()
  })

  it('starts a new group after a dismissal, even within the window', () => {
    const { g, current } = grouper()
    g.add(finished('a'))
    g.dismiss()
    expect(current()).toBeNull()
    g.add(finished('b'))
    expect(current()?.title).toBe('Job b: Succeeded')
  })
})
