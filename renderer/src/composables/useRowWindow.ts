import { computed, onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue'
import type { Job } from '../../../common/domain'
import { RowViews, type RowView } from '../components/queue/row-view'
import { assignKeys, rowWindow, scrollTopFor, type KeyedWindow, type RowMetrics } from '../components/queue/row-window'

/** Rows rendered beyond the screen: a few in the direction of scrolling, one behind. Every row costs a frame time. */
const AHEAD = 3
const BEHIND = 1
/** Used until the table has been laid out (and in DOM-less tests). */
const FALLBACK_HEIGHT = 600

export interface VisibleRow {
  index: number
  key: number
  view: RowView
  selected: boolean
}

/**
 * Windowing for a scroller of fixed-height rows: only the rows on screen (and a few ahead) are built,
 * their elements recycled (assignKeys) so scrolling patches text instead of building rows.
 */
export function useRowWindow(
  scrollEl: Ref<HTMLElement | null>,
  source: { rows: () => readonly Job[]; selected: () => Set<string>; now: () => Date },
  metrics: RowMetrics
) {
  const scrollTop = ref(0)
  const height = ref(FALLBACK_HEIGHT)
  const scrollingUp = ref(false)

  function onScroll(): void {
    const el = scrollEl.value
    if (!el) return
    scrollingUp.value = el.scrollTop < scrollTop.value
    scrollTop.value = el.scrollTop
  }
  let resizeObserver: ResizeObserver | null = null
  function measure(): void {
    const h = scrollEl.value?.clientHeight ?? 0
    height.value = h > 0 ? h : FALLBACK_HEIGHT
  }
  onMounted(() => {
    measure()
    if (typeof ResizeObserver !== 'undefined' && scrollEl.value) {
      resizeObserver = new ResizeObserver(measure)
      resizeObserver.observe(scrollEl.value)
    }
  })
  onBeforeUnmount(() => resizeObserver?.disconnect())

  const range = computed(() =>
    rowWindow({ scrollTop: scrollTop.value, height: height.value }, metrics, source.rows().length, {
      above: scrollingUp.value ? AHEAD : BEHIND,
      below: scrollingUp.value ? BEHIND : AHEAD
    })
  )
  const views = new RowViews()

  /** The rows in the DOM, in order. Only changes when the window, the rows, the selection or the clock do. */
  const visible = shallowRef<VisibleRow[]>([])
  /**
   * Where the first of them goes: the rows lie in flow in one container moved by this transform, so a scroll
   * writes one style instead of one per row (and the rows need no transform node each).
   */
  const offset = shallowRef('transform:translateY(0px)')
  let keyed: KeyedWindow = { start: 0, keys: [] }
  watch(
    [range, source.rows, source.selected, source.now],
    () => {
      const { start, end } = range.value
      const keys = assignKeys(keyed, start, end)
      keyed = { start, keys }
      const rows = source.rows()
      const selected = source.selected()
      const now = source.now()
      const out: VisibleRow[] = []
      for (let index = start; index < end; index++) {
        const job = rows[index]
        if (!job) continue
        out.push({
          index,
          key: keys[index - start] ?? index,
          view: views.get(job, now),
          selected: selected.has(job.id)
        })
      }
      visible.value = out
      offset.value = `transform:translateY(${start * metrics.row}px)`
    },
    { immediate: true }
  )

  function scrollToIndex(index: number): void {
    const el = scrollEl.value
    if (!el) return
    const top = scrollTopFor(index, { scrollTop: el.scrollTop, height: el.clientHeight || height.value }, metrics)
    if (top !== null) {
      el.scrollTop = top
      onScroll()
    }
  }

  /** Rows that fit on one screen (for Page Up and Page Down). */
  function pageRows(): number {
    return Math.max(1, Math.floor(((scrollEl.value?.clientHeight || height.value) - metrics.head) / metrics.row) - 1)
  }

  return { visible, offset, onScroll, scrollToIndex, pageRows }
}
