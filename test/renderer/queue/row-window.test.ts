import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { assignKeys, rowWindow, scrollTopFor } from '../../../renderer/src/components/queue/row-window'

const m = { row: 36, head: 36 }

describe('rowWindow', () => {
  it('renders the rows on screen plus the overscan, inside the list', () => {
    // 400 px tall: 364 px of rows under the header = rows 0..10 (the 11th partly).
    expect(rowWindow({ scrollTop: 0, height: 400 }, m, 10_000, { above: 1, below: 3 })).toEqual({ start: 0, end: 14 })
    expect(rowWindow({ scrollTop: 360, height: 400 }, m, 10_000, { above: 1, below: 3 })).toEqual({ start: 9, end: 24 })
    expect(rowWindow({ scrollTop: 360, height: 400 }, m, 10_000, { above: 3, below: 1 })).toEqual({ start: 7, end: 22 })
    expect(rowWindow({ scrollTop: 359_640, height: 400 }, m, 10_000, { above: 1, below: 3 })).toEqual({
      start: 9989,
      end: 10_000
    })
    expect(rowWindow({ scrollTop: 0, height: 400 }, m, 0, { above: 1, below: 3 })).toEqual({ start: 0, end: 0 })
  })
})

describe('scrollTopFor', () => {
  const view = { scrollTop: 360, height: 400 }
  it('leaves a row that is fully in view where it is', () => {
    expect(scrollTopFor(10, view, m)).toBeNull()
    expect(scrollTopFor(19, view, m)).toBeNull()
  })
  it('brings a row above the screen to just under the header, one below to the bottom edge', () => {
    expect(scrollTopFor(9, view, m)).toBe(324)
    // Row 20 ends at 36 + 21 * 36 = 792 px; the screen must end there.
    expect(scrollTopFor(20, view, m)).toBe(392)
  })
})

describe('assignKeys', () => {
  it('keeps the keys of rows still in view and gives the freed keys to the rows that came in', () => {
    const keys = assignKeys({ start: 0, keys: [0, 1, 2, 3] }, 1, 5)
    expect(keys).toEqual([1, 2, 3, 0])
  })
  it('reuses every key in the same order after a jump, so no element moves', () => {
    expect(assignKeys({ start: 0, keys: [4, 7, 1, 2] }, 500, 504)).toEqual([4, 7, 1, 2])
  })
  it('makes new keys when the window grows', () => {
    expect(assignKeys({ start: 0, keys: [] }, 0, 3)).toEqual([0, 1, 2])
    expect(assignKeys({ start: 0, keys: [0, 1] }, 0, 4)).toEqual([0, 1, 2, 3])
  })
  it('never gives two rows one key, and a row that stays keeps its key', () => {
    const window = fc.record({ start: fc.nat(300), length: fc.nat(40) })
    fc.assert(
      fc.property(fc.array(window, { minLength: 1, maxLength: 20 }), (windows) => {
        let previous = { start: 0, keys: [] as number[] }
        for (const w of windows) {
          const keys = assignKeys(previous, w.start, w.start + w.length)
          expect(keys).toHaveLength(w.length)
          expect(new Set(keys).size).toBe(keys.length)
          previous.keys.forEach((key, i) => {
            const index = previous.start + i
            if (index >= w.start && index < w.start + w.length) expect(keys[index - w.start]).toBe(key)
          })
          previous = { start: w.start, keys }
        }
      })
    )
  })
})
