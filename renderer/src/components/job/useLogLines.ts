import { computed, ref, shallowRef, triggerRef } from 'vue'
import type { ErrorValue } from '../../../../common/errors'
import type { LogInfo } from '../../../../common/queue'
import { api } from '../../api'

export const BLOCK = 500
const MAX_BLOCKS = 200

/**
 * A job's log as the viewer reads it: main indexes the file once (`jobs.openLog`); lines come in blocks of 500,
 * asked for when they come on screen, at most 200 blocks kept.
 */
export function useLogLines(source: () => { jobId: string; fileName: string }) {
  const info = ref<LogInfo | null>(null)
  const loadError = ref<ErrorValue | null>(null)
  const loading = ref(false)
  const blocks = shallowRef(new Map<number, string[]>())
  const inFlight = new Set<number>()
  const errorSet = computed(() => new Set(info.value?.errorLines ?? []))
  const warnSet = computed(() => new Set(info.value?.warnLines ?? []))

  async function open(fresh = false): Promise<void> {
    loading.value = true
    loadError.value = null
    blocks.value = new Map()
    inFlight.clear()
    const { jobId, fileName } = source()
    const r = await api.call('jobs.openLog', { id: jobId, fileName, fresh })
    loading.value = false
    if (r.ok) info.value = r.value
    else loadError.value = r.error
  }

  async function fetchBlock(b: number): Promise<void> {
    if (blocks.value.has(b) || inFlight.has(b)) return
    inFlight.add(b)
    const { jobId, fileName } = source()
    const r = await api.call('jobs.logLines', { id: jobId, fileName, start: b * BLOCK, count: BLOCK })
    inFlight.delete(b)
    if (!r.ok) {
      loadError.value = r.error
      return
    }
    const map = blocks.value
    if (map.size >= MAX_BLOCKS) {
      // Forget the blocks farthest from this one.
      const far = [...map.keys()].sort((x, y) => Math.abs(y - b) - Math.abs(x - b)).slice(0, map.size - MAX_BLOCKS + 1)
      for (const k of far) map.delete(k)
    }
    map.set(b, r.value.lines)
    triggerRef(blocks)
  }

  /** Asks for the blocks that hold lines [first, last]. */
  function show(first: number, last: number): void {
    for (let b = Math.floor(first / BLOCK); b <= Math.floor(last / BLOCK); b++) void fetchBlock(b)
  }

  function line(i: number): string | null {
    return blocks.value.get(Math.floor(i / BLOCK))?.[i % BLOCK] ?? null
  }
  function level(i: number): 'error' | 'warn' | 'info' {
    return errorSet.value.has(i) ? 'error' : warnSet.value.has(i) ? 'warn' : 'info'
  }

  return { info, loadError, loading, open, show, line, level }
}
