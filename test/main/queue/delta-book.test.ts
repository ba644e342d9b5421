import { describe, expect, it } from 'vitest'
import { DeltaBook } from '../../../main/queue/delta-book'
import { job } from '../../helpers/job-fixture'

const held = (...jobs: ReturnType<typeof job>[]) => new Map(jobs.map((j) => [j.id, j]))

describe('DeltaBook', () => {
  it('tells only the marked jobs: added, changed (a new object) or removed', () => {
    const book = new DeltaBook()
    const a = job({ id: 'a' })
    const b = job({ id: 'b' })
    book.told(held(a, b))
    const b2 = job({ id: 'b', status: 'Failed' })
    const c = job({ id: 'c' })
    const now = held(b2, c)
    book.mark(['a', 'b', 'c'])
    expect(book.take(now)).toEqual({ reset: false, added: [c], changed: [b2], removed: ['a'] })
    // Told now: marking the same unchanged jobs again tells nothing.
    book.mark(['b', 'c'])
    expect(book.take(now)).toEqual({ reset: false, added: [], changed: [], removed: [] })
  })

  it('an unmarked change is not told; a reset tells the whole list', () => {
    const book = new DeltaBook()
    book.told(held(job({ id: 'a' })))
    const now = held(job({ id: 'a', name: 'renamed' }), job({ id: 'b' }))
    expect(book.take(now).changed).toEqual([])
    book.markAll()
    const reset = book.take(now)
    expect(reset.reset).toBe(true)
    expect(reset.added.map((j) => j.id)).toEqual(['a', 'b'])
  })
})
