import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { columnById, columns, type ColumnDef, type ColumnId } from './columns'
import { defaultTableState, fixedColumns, loadTableState, saveTableState } from './table-state'

/** The queue table's columns: which show, in what order, how wide. Remembered across restarts. */
export const useQueueColumnsStore = defineStore('queueColumns', () => {
  const saved = loadTableState()
  const order = ref<ColumnId[]>(saved.order)
  const hidden = ref<ColumnId[]>(saved.hidden)
  const widths = reactive(
    Object.fromEntries(columns.map((c) => [c.id, saved.widths[c.id] ?? c.width])) as Record<ColumnId, number>
  )

  const visible = computed<ColumnDef[]>(() =>
    order.value.filter((id) => !hidden.value.includes(id)).map((id) => columnById[id])
  )
  /** Every column in the chosen order, for the column chooser. */
  const all = computed(() =>
    order.value.map((id) => ({
      ...columnById[id],
      shown: !hidden.value.includes(id),
      fixed: fixedColumns.includes(id)
    }))
  )

  function persist(): void {
    saveTableState({ ...loadTableState(), order: order.value, hidden: hidden.value, widths: { ...widths } })
  }

  function setShown(id: ColumnId, shown: boolean): void {
    if (fixedColumns.includes(id)) return
    hidden.value = shown ? hidden.value.filter((h) => h !== id) : [...new Set([...hidden.value, id])]
    persist()
  }

  /** Moves a column one place earlier (-1) or later (+1) in the chosen order. */
  function move(id: ColumnId, by: -1 | 1): void {
    const from = order.value.indexOf(id)
    const to = from + by
    if (from < 0 || to < 0 || to >= order.value.length) return
    const next = [...order.value]
    next.splice(from, 1)
    next.splice(to, 0, id)
    order.value = next
    persist()
  }

  function setWidth(id: ColumnId, width: number, save = true): void {
    widths[id] = Math.max(columnById[id].minWidth, Math.round(width))
    if (save) persist()
  }

  function reset(): void {
    const d = defaultTableState()
    order.value = d.order
    hidden.value = d.hidden
    for (const c of columns) widths[c.id] = c.width
    persist()
  }

  return { order, hidden, widths, visible, all, setShown, move, setWidth, reset, persist }
})
