/** Which rows of a fixed-height list are on screen, and where to scroll to bring one into view. */

export interface Viewport {
  /** The scroll container's scrollTop. */
  scrollTop: number
  /** Its clientHeight, sticky header included. */
  height: number
}

export interface RowMetrics {
  /** Height of every row, border included. */
  row: number
  /** Height of the sticky header above the first row. */
  head: number
}

/** Extra rows rendered above and below the screen, so a scroll the compositor runs ahead finds rows there. */
export interface Overscan {
  above: number
  below: number
}

/** Half-open range [start, end) of the rows to render: those on screen plus the overscan. */
export function rowWindow(
  view: Viewport,
  m: RowMetrics,
  count: number,
  overscan: Overscan
): { start: number; end: number } {
  const top = Math.max(0, view.scrollTop)
  const first = Math.floor(top / m.row)
  const last = Math.ceil((top + Math.max(0, view.height - m.head)) / m.row)
  const start = Math.max(0, Math.min(count, first - overscan.above))
  const end = Math.max(start, Math.min(count, last + overscan.below))
  return { start, end }
}

/** The scrollTop that brings row `index` fully into view with the least movement, or null if it already is. */
export function scrollTopFor(index: number, view: Viewport, m: RowMetrics): number | null {
  const top = index * m.row
  if (top < view.scrollTop) return top
  const bottom = m.head + top + m.row
  if (bottom > view.scrollTop + view.height) return bottom - view.height
  return null
}

/** The keys of the rows last rendered, first to last. */
export interface KeyedWindow {
  start: number
  keys: readonly number[]
}

/**
 * Keys for the rows [start, end) that recycle the row elements already in the page with the fewest moves:
 * a row still in view keeps its key (its element stays untouched), and the keys of the rows that left go,
 * in page order, to the rows that came in. Scrolling one row moves one element; jumping a whole screen
 * moves none (every element is patched in place).
 */
export function assignKeys(previous: KeyedWindow, start: number, end: number): number[] {
  const kept = new Map<number, number>()
  const freed: number[] = []
  previous.keys.forEach((key, i) => {
    const index = previous.start + i
    if (index >= start && index < end) kept.set(index, key)
    else freed.push(key)
  })
  let fresh = previous.keys.length ? Math.max(...previous.keys) + 1 : 0
  const keys: number[] = []
  let next = 0
  for (let index = start; index < end; index++) {
    const key = kept.get(index) ?? freed[next++] ?? fresh++
    keys.push(key)
  }
  return keys
}
