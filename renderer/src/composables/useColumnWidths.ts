import { computed, onBeforeUnmount } from 'vue'
import type { ColumnDef, ColumnId } from '../components/queue/columns'
import { useQueueColumnsStore } from '../components/queue/columns-store'

/**
 * The queue table's columns as the header and every row lay them out: the shown ones in the chosen order, dragged
 * (pointer), stepped (arrow keys on the separator), reset (double-click), remembered. The name column grows to fill
 * the table; `gridVars` is the one grid template for the header and every row.
 */
export function useColumnWidths(edges: { check: number; open: number }) {
  const store = useQueueColumnsStore()
  const widths = store.widths
  const gridVars = computed(() => {
    const shown = store.visible
    const track = (c: ColumnDef) => (c.id === 'name' ? `minmax(${widths[c.id]}px, 1fr)` : `${widths[c.id]}px`)
    return {
      '--jq-cols': `${edges.check}px ${shown.map(track).join(' ')} ${edges.open}px`,
      '--jq-table-width': `${edges.check + edges.open + shown.reduce((n, c) => n + widths[c.id], 0)}px`
    }
  })

  let drag: { id: ColumnId; startX: number; startWidth: number } | null = null
  function onResizeStart(e: PointerEvent, c: ColumnDef): void {
    drag = { id: c.id, startX: e.clientX, startWidth: widths[c.id] }
    ;(e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId)
    document.body.classList.add('jq-col-resizing')
    e.preventDefault()
  }
  function onResizeMove(e: PointerEvent): void {
    if (drag) store.setWidth(drag.id, drag.startWidth + e.clientX - drag.startX, false)
  }
  function onResizeEnd(): void {
    if (!drag) return
    drag = null
    document.body.classList.remove('jq-col-resizing')
    store.persist()
  }
  function onResizeKey(e: KeyboardEvent, c: ColumnDef): void {
    const step = e.shiftKey ? 40 : 10
    if (e.key === 'ArrowLeft') store.setWidth(c.id, widths[c.id] - step)
    else if (e.key === 'ArrowRight') store.setWidth(c.id, widths[c.id] + step)
    else return
    e.preventDefault()
  }
  function resetWidth(c: ColumnDef): void {
    store.setWidth(c.id, c.width)
  }
  onBeforeUnmount(() => document.body.classList.remove('jq-col-resizing'))

  return {
    widths,
    columns: computed(() => store.visible),
    gridVars,
    onResizeStart,
    onResizeMove,
    onResizeEnd,
    onResizeKey,
    resetWidth
  }
}
