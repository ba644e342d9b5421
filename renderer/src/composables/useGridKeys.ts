import { computed, ref, watch } from 'vue'
import { selectAt, toggleAt, type SelectionState } from '../components/queue/selection'
import { isTyping } from './typing'

export interface GridKeysOptions {
  ids: () => string[]
  /** How many rows there are (watched: cheaper than ids()). */
  count: () => number
  selected: () => Set<string>
  select: (selected: Set<string>) => void
  open: (id: string) => void
  deleteKey: () => void
  /** F2 on the active row. */
  rename: (id: string) => void
  /** Shift+F10 or the Menu key on the active row, or a right-click on a row. */
  menu: (index: number, event: MouseEvent | null) => void
  scrollToIndex: (index: number) => void
  pageRows: () => number
}

/**
 * Windows list selection for a grid: click, Ctrl and Shift clicks, check boxes, and the keyboard
 * (arrows, Page Up/Down, Home/End, Space, Enter, Ctrl+A, Delete, F2, Shift+F10, Escape) around an active row.
 * Keys typed into a field inside the grid are the field's.
 */
export function useGridKeys(o: GridKeysOptions) {
  const anchor = ref<number | null>(null)
  const active = ref<number>(0)

  const state = (): SelectionState => ({ selected: o.selected(), anchor: anchor.value })
  function apply(s: SelectionState): void {
    anchor.value = s.anchor
    o.select(s.selected)
  }

  function onRowClick(e: MouseEvent, index: number): void {
    active.value = index
    apply(selectAt(state(), o.ids(), index, { ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey }))
  }
  /** A right-click: like Explorer, a row outside the selection becomes the selection; then the menu opens. */
  function onRowMenu(e: MouseEvent, index: number): void {
    const id = o.ids()[index]
    if (id === undefined) return
    e.preventDefault()
    active.value = index
    if (!o.selected().has(id)) apply(selectAt(state(), o.ids(), index, { ctrl: false, shift: false }))
    o.menu(index, e)
  }
  function onCheck(index: number): void {
    active.value = index
    apply(toggleAt(state(), o.ids(), index))
  }

  const allSelected = computed(() => {
    const ids = o.ids()
    const selected = o.selected()
    return ids.length > 0 && selected.size >= ids.length && ids.every((id) => selected.has(id))
  })
  const someSelected = computed(
    () => !allSelected.value && o.selected().size > 0 && o.ids().some((id) => o.selected().has(id))
  )
  function toggleAll(): void {
    o.select(allSelected.value ? new Set() : new Set(o.ids()))
  }

  function onKeydown(e: KeyboardEvent): void {
    if (isTyping(e.target)) return
    const ids = o.ids()
    const n = ids.length
    if (n === 0) return
    const move = (to: number) => {
      const index = Math.max(0, Math.min(n - 1, to))
      active.value = index
      o.scrollToIndex(index)
      if (e.shiftKey) apply(selectAt(state(), ids, index, { ctrl: false, shift: true }))
      else if (!e.ctrlKey) apply(selectAt(state(), ids, index, { ctrl: false, shift: false }))
    }
    const page = o.pageRows()
    switch (e.key) {
      case 'ArrowDown':
        move(active.value + 1)
        break
      case 'ArrowUp':
        move(active.value - 1)
        break
      case 'PageDown':
        move(active.value + page)
        break
      case 'PageUp':
        move(active.value - page)
        break
      case 'Home':
        move(0)
        break
      case 'End':
        move(n - 1)
        break
      case ' ':
        apply(toggleAt(state(), ids, active.value))
        break
      case 'Enter': {
        const id = ids[active.value]
        if (id) o.open(id)
        break
      }
      case 'a':
      case 'A':
        if (!(e.ctrlKey || e.metaKey)) return
        o.select(new Set(ids))
        break
      case 'Delete':
        o.deleteKey()
        break
      case 'F2': {
        const id = ids[active.value]
        if (id) o.rename(id)
        break
      }
      case 'F10':
        if (!e.shiftKey) return
        menuKey()
        break
      case 'ContextMenu':
        menuKey()
        break
      case 'Escape':
        o.select(new Set())
        break
      default:
        return
    }
    e.preventDefault()
  }

  /** The keyboard's menu: on the active row, made the selection first when it is outside it. */
  function menuKey(): void {
    const ids = o.ids()
    const id = ids[active.value]
    if (id === undefined) return
    o.scrollToIndex(active.value)
    if (!o.selected().has(id)) apply(selectAt(state(), ids, active.value, { ctrl: false, shift: false }))
    o.menu(active.value, null)
  }

  // Keep the active row inside the list when it shrinks.
  watch(o.count, (n) => {
    if (active.value >= n) active.value = Math.max(0, n - 1)
  })

  return { active, onRowClick, onRowMenu, onCheck, allSelected, someSelected, toggleAll, onKeydown }
}
