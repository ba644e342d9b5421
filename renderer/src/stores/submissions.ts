import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { queuedDraftProgress, type BatchProgress, type DraftProgress } from '../../../common/drafts'
import type { Result } from '../../../common/errors'
import { api, call } from '../api'

/** A batch as the app shows it: the latest totals and the last known progress of every draft in it. */
export interface BatchState extends Omit<BatchProgress, 'drafts'> {
  /** In the order the drafts were submitted. */
  order: string[]
  drafts: Record<string, DraftProgress>
}

/**
 * Batch submissions of drafts (`drafts.submit`, `drafts.progress`), for every view that submits: the
 * Drafts view and the job wizard. Each batch is tracked by id; `batch` is the one the Drafts view shows.
 */
export const useSubmissionsStore = defineStore('submissions', () => {
  const batches = ref<Record<string, BatchState>>({})
  const shownId = ref<string | null>(null)
  let unsubscribe: (() => void) | null = null

  const batch = computed(() => (shownId.value ? (batches.value[shownId.value] ?? null) : null))
  const submitting = computed(() => !!batch.value && !batch.value.done)

  /** Follows `drafts.progress` (once). */
  function listen(): void {
    unsubscribe ??= api.on('drafts.progress', applyProgress)
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  function applyProgress(p: BatchProgress): void {
    const base: BatchState = batches.value[p.batchId] ?? { ...p, order: p.drafts.map((d) => d.id), drafts: {} }
    const rows = { ...base.drafts }
    const order = [...base.order]
    for (const d of p.drafts) {
      rows[d.id] = d
      if (!order.includes(d.id)) order.push(d.id)
    }
    const { drafts: _changed, ...totals } = p
    void _changed
    batches.value = { ...batches.value, [p.batchId]: { ...base, ...totals, order, drafts: rows } }
    if (!batch.value || batch.value.done) shownId.value = p.batchId
  }

  /** Starts a batch; progress arrives through `drafts.progress` (listened to before asking: events can come first). */
  async function submit(ids: string[], nameOf: (id: string) => string): Promise<Result<{ batchId: string }>> {
    listen()
    const r = await call('drafts.submit', { ids })
    if (!r.ok) return r
    const { batchId } = r.value
    const known = batches.value[batchId]
    const queued = Object.fromEntries(ids.map((id) => [id, known?.drafts[id] ?? queuedDraftProgress(id, nameOf(id))]))
    // Events may have arrived before the answer; keep what they said.
    batches.value = {
      ...batches.value,
      [batchId]: known
        ? { ...known, order: [...ids], drafts: { ...queued, ...known.drafts } }
        : {
            batchId,
            total: ids.length,
            completed: 0,
            failed: 0,
            bytesSent: 0,
            bytesTotal: 0,
            done: false,
            cancelled: false,
            order: [...ids],
            drafts: queued
          }
    }
    shownId.value = batchId
    return r
  }

  const byId = (batchId: string | null): BatchState | null => (batchId ? (batches.value[batchId] ?? null) : null)

  async function cancel(batchId: string | undefined = batch.value?.batchId): Promise<void> {
    const b = byId(batchId ?? null)
    if (b && !b.done) await call('drafts.cancelSubmit', { batchId: b.batchId })
  }

  /** Forgets a finished batch (the Drafts view's panel is closed). */
  function dismiss(batchId: string | undefined = batch.value?.batchId): void {
    const b = byId(batchId ?? null)
    if (!b?.done) return
    const { [b.batchId]: _gone, ...rest } = batches.value
    void _gone
    batches.value = rest
    if (shownId.value === b.batchId) shownId.value = null
  }

  return { batch, submitting, byId, listen, stop, applyProgress, submit, cancel, dismiss }
})
