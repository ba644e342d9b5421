import { readSetting, writeSetting } from '../../stores/storage'
import { columnIds, columns, isColumn, type ColumnId, type SortState } from './columns'

/** The queue table as the user left it: sort, widths, which columns show and in what order. */
export interface TableState {
  sort: SortState
  widths: Partial<Record<ColumnId, number>>
  hidden: ColumnId[]
  order: ColumnId[]
}

export const TABLE_STATE_KEY = 'jobqueue.queue.table'
/** Hidden until chosen: with them, the table would not fit a 1366-wide laptop screen. */
export const defaultHidden: readonly ColumnId[] = ['scheduled', 'started', 'completed']
/** Always shown: a row without its name means nothing. */
export const fixedColumns: readonly ColumnId[] = ['name']

export const defaultTableState = (): TableState => ({
  sort: { column: null, direction: 'asc' },
  widths: {},
  hidden: [...defaultHidden],
  order: [...columnIds]
})

/** Every column once: the remembered order first, then any column a newer version added, in its default place. */
function completeOrder(saved: unknown): ColumnId[] {
  const out = Array.isArray(saved) ? [...new Set(saved.filter(isColumn))] : []
  for (const id of columnIds) {
    if (out.includes(id)) continue
    const before = columnIds
      .slice(0, columnIds.indexOf(id))
      .reverse()
      .find((c) => out.includes(c))
    out.splice(before ? out.indexOf(before) + 1 : 0, 0, id)
  }
  return out
}

/** The remembered table; anything unreadable falls back to the defaults. */
export function loadTableState(): TableState {
  const state = defaultTableState()
  let raw: unknown
  try {
    raw = JSON.parse(readSetting(TABLE_STATE_KEY) ?? 'null')
  } catch {
    return state
  }
  if (!raw || typeof raw !== 'object') return state
  const r = raw as {
    sort?: { column?: unknown; direction?: unknown }
    widths?: Record<string, unknown>
    hidden?: unknown
    order?: unknown
  }
  if (r.sort && (r.sort.column === null || isColumn(r.sort.column))) {
    state.sort = { column: r.sort.column ?? null, direction: r.sort.direction === 'desc' ? 'desc' : 'asc' }
  }
  for (const c of columns) {
    const w = r.widths?.[c.id]
    if (typeof w === 'number' && Number.isFinite(w))
      state.widths[c.id] = Math.min(2000, Math.max(c.minWidth, Math.round(w)))
  }
  if (Array.isArray(r.hidden))
    state.hidden = r.hidden.filter((h): h is ColumnId => isColumn(h) && !fixedColumns.includes(h))
  state.order = completeOrder(r.order)
  return state
}

export function saveTableState(state: TableState): void {
  writeSetting(TABLE_STATE_KEY, JSON.stringify(state))
}
