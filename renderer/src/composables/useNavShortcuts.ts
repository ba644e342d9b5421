import { onBeforeUnmount, onMounted } from 'vue'
import type { Router } from 'vue-router'
import { navEntries } from '../navigation'

/** Ctrl+1…7 open the screens in navigation order (Cmd on macOS). */
export function useNavShortcuts(router: Router): void {
  const onKey = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.repeat) return
    const index = Number(e.key) - 1
    const entry = Number.isInteger(index) ? navEntries[index] : undefined
    if (!entry) return
    e.preventDefault()
    void router.push(entry.path)
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}

export function shortcutLabel(index: number): string {
  return `Ctrl+${index + 1}`
}
