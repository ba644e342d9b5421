import { computed, onBeforeUnmount, reactive } from 'vue'
import { columns, loadTableState, saveTableState, type ColumnDef, type ColumnId } from '../components/queue/columns'

/**
 * The queue table's column widths: dragged (pointer), stepped (arrow keys on the separator), reset
 * (double-click), remembered. `gridVars` is the one grid template for the header and every row.
 */
export function useColumnWidths(edges: { check: number; open: number }) {
  const widths = reactive<Record<ColumnId, number>>(
    Object.fromEntries(columns.map((c) => [c.id, loadTableState().widths[c.id] ?? c.width])) as Record<ColumnId, number>
  )
  const gridVars = computed(() => ({
    '--jq-cols': `${edges.check}px ${columns.map((c) => `${widths[c.id]}px`).join(' ')} ${edges.open}px`,
    '--jq-table-width': `${edges.check + edges.open + columns.reduce((n, c) => n + widths[c.id], 0)}px`
  }))

  function persist(): void {
    saveTableState({ ...loadTableState(), widths: { ...widths } })
  }

  let drag: { id: ColumnId; startX: number; startWidth: number; min: number } | null = null
  function onResizeStart(e: PointerEvent, c: ColumnDef): void {
    drag = { id: c.id, startX: e.clientX, startWidth: widths[c.id], min: c.minWidth }
    ;(e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId)
    document.body.classList.add('jq-col-resizing')
    e.preventDefault()
  }
  function onResizeMove(e: PointerEvent): void {
    if (!drag) return
    widths[drag.id] = Math.max(drag.min, Math.round(drag.startWidth + e.clientX - drag.startX))
  }
  function onResizeEnd(): void {
    if (!drag) return
    drag = null
    document.body.classList.remove('jq-col-resizing')
    persist()
  }
  function onResizeKey(e: KeyboardEvent, c: ColumnDef): void {
    const step = e.shiftKey ? 40 : 10
    if (e.key === 'ArrowLeft') widths[c.id] = Math.max(c.minWidth, widths[c.id] - step)
    else if (e.key === 'ArrowRight') widths[c.id] = widths[c.id] + step
    else return
    e.preventDefault()
    persist()
  }
  function resetWidth(c: ColumnDef): void {
    widths[c.id] = c.width
    persist()
  }
  onBeforeUnmount(() => document.body.classList.remove('jq-col-resizing'))

  return { widths, gridVars, onResizeStart, onResizeMove, onResizeEnd, onResizeKey, resetWidth }
}
