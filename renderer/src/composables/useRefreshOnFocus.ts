import { onBeforeUnmount, onMounted } from 'vue'

/**
 * Runs `run` whenever the window regains focus or becomes visible, one at a time: a focus that comes during
 * a run gets one more run after it (things may have changed meanwhile). Returns that coalesced `refresh`.
 */
export function useRefreshOnFocus(run: () => Promise<void>): () => Promise<void> {
  let refreshing: Promise<void> | null = null
  let again: Promise<void> | null = null
  function refresh(): Promise<void> {
    if (!refreshing) {
      refreshing = run().finally(() => (refreshing = null))
      return refreshing
    }
    again ??= refreshing.then(() => {
      again = null
      return refresh()
    })
    return again
  }
  function onFocus(): void {
    void refresh()
  }
  function onVisibility(): void {
    if (document.visibilityState === 'visible') void refresh()
  }
  onMounted(() => {
    window.addEventListener('focus', onFocus)
    document.addEventListener('visibilitychange', onVisibility)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('focus', onFocus)
    document.removeEventListener('visibilitychange', onVisibility)
  })
  return refresh
}
