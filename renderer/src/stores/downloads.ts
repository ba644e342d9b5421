import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef } from 'vue'
import {
  defaultDownloadSettings,
  type BatchView,
  type DownloadItem,
  type DownloadSettings,
  type DownloadTarget,
  type ItemProgress,
  type ProgressEvent
} from '../../../common/downloads'
import type { ErrorValue } from '../../../common/errors'
import { api, call } from '../api'

export type ItemRow = DownloadItem & { progress: ItemProgress }

/** The download queue as main last reported it (`downloads.list`), kept current by `downloads.progress` deltas. */
export const useDownloadsStore = defineStore('downloads', () => {
  const settings = ref<DownloadSettings>(defaultDownloadSettings())
  const batches = ref<BatchView[]>([])
  /** Items by id; a shallow ref triggered by hand, since hundreds of rows change ten times a second. */
  const items = shallowRef(new Map<string, ItemRow>())
  const total = ref<ProgressEvent['total'] | null>(null)
  const loaded = ref(false)
  const error = ref<ErrorValue | null>(null)
  let unsubscribe: (() => void) | null = null
  let reloading: Promise<void> | null = null

  const batchesNewestFirst = computed(() => [...batches.value].sort((a, b) => b.createdAt.localeCompare(a.createdAt)))
  const counts = computed(() => {
    const c = { total: 0, queued: 0, active: 0, paused: 0, done: 0, failed: 0, cancelled: 0 }
    for (const i of items.value.values()) {
      c.total++
      c[i.progress.state]++
    }
    return c
  })

  /** Items grouped by batch, in the order main listed them. */
  const byBatch = computed(() => {
    const groups = new Map<string, ItemRow[]>()
    for (const i of items.value.values()) {
      const g = groups.get(i.batchId)
      if (g) g.push(i)
      else groups.set(i.batchId, [i])
    }
    return groups
  })
  const none: ItemRow[] = []
  function itemsOf(batchId: string): ItemRow[] {
    return byBatch.value.get(batchId) ?? none
  }

  async function start(): Promise<void> {
    unsubscribe ??= api.on('downloads.progress', apply)
    await load()
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  async function load(): Promise<void> {
    const r = await call('downloads.list')
    if (!r.ok) {
      error.value = r.error
      return
    }
    settings.value = r.value.settings
    batches.value = r.value.batches
    items.value = new Map(r.value.items.map((i) => [i.id, i]))
    loaded.value = true
    error.value = null
  }

  /** Items or batches we have not seen (a batch added elsewhere): fetch the list once. */
  function reload(): void {
    reloading ??= load().finally(() => (reloading = null))
  }

  function apply(e: ProgressEvent): void {
    total.value = e.total
    let unknown = false
    const map = items.value
    for (const p of e.items) {
      const row = map.get(p.id)
      if (!row) {
        unknown = true
        continue
      }
      map.set(p.id, {
        ...row,
        state: p.state,
        targetPath: p.targetPath,
        bytesDone: p.bytesDone,
        totalBytes: p.totalBytes,
        pauseReason: p.pauseReason,
        outcome: p.outcome,
        error: p.error,
        progress: p
      })
    }
    for (const id of e.removedItems) map.delete(id)
    if (e.items.length || e.removedItems.length) triggerRef(items)
    if (e.batches.length || e.removedBatches.length) {
      const gone = new Set(e.removedBatches)
      const next = batches.value.filter((b) => !gone.has(b.id))
      for (const p of e.batches) {
        const i = next.findIndex((b) => b.id === p.id)
        if (i >= 0) next[i] = { ...next[i]!, progress: p }
        else unknown = true
      }
      batches.value = next
    }
    if (unknown) reload()
  }

  async function act(
    action: 'pause' | 'resume' | 'cancel' | 'retry',
    target: DownloadTarget
  ): Promise<ErrorValue | null> {
    const r = await call(`downloads.${action}`, target)
    return r.ok ? null : r.error
  }

  /** Retries failed items only (a retry of a whole batch would also restart cancelled ones). */
  async function retryFailed(batchId?: string): Promise<ErrorValue | null> {
    const failed = [...items.value.values()].filter(
      (i) => i.progress.state === 'failed' && (!batchId || i.batchId === batchId)
    )
    const errors = await Promise.all(failed.map((i) => act('retry', { kind: 'item', itemId: i.id })))
    return errors.find((e) => e !== null) ?? null
  }

  async function clearCompleted(batchId?: string): Promise<ErrorValue | null> {
    const r = await call('downloads.clearCompleted', batchId ? { batchId } : undefined)
    return r.ok ? null : r.error
  }

  async function setConcurrency(concurrency: number): Promise<ErrorValue | null> {
    const r = await call('downloads.setConcurrency', { concurrency })
    if (r.ok) settings.value = r.value
    return r.ok ? null : r.error
  }

  /** Bytes per second for all downloads together; null lifts the limit. */
  async function setBandwidthLimit(bytesPerSecond: number | null): Promise<ErrorValue | null> {
    const r = await call('downloads.setBandwidthLimit', { bytesPerSecond })
    if (r.ok) settings.value = r.value
    return r.ok ? null : r.error
  }

  /** Settings → Downloads: the folder the download dialog starts with; null clears it. */
  async function setDefaultFolder(folder: string | null): Promise<ErrorValue | null> {
    const r = await call('downloads.setDefaultFolder', { folder })
    if (r.ok) settings.value = r.value
    return r.ok ? null : r.error
  }

  return {
    settings,
    batches,
    batchesNewestFirst,
    items,
    total,
    counts,
    loaded,
    error,
    itemsOf,
    start,
    stop,
    load,
    apply,
    act,
    retryFailed,
    clearCompleted,
    setConcurrency,
    setBandwidthLimit,
    setDefaultFolder
  }
})
