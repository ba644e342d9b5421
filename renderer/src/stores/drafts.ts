import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DraftProblem, DraftSummary, DraftsChanged } from '../../../common/drafts'
import type { ErrorValue, Result } from '../../../common/errors'
import { api, call } from '../api'

const byLastChange = (a: DraftSummary, b: DraftSummary) => b.updatedAt.localeCompare(a.updatedAt)

/** The drafts list as main last reported it (`drafts.list`, `drafts.changed`); batches are in the submissions store. */
export const useDraftsStore = defineStore('drafts', () => {
  const drafts = ref<DraftSummary[]>([])
  const problems = ref<DraftProblem[]>([])
  const includeArchived = ref(false)
  const loaded = ref(false)
  const loadError = ref<ErrorValue | null>(null)
  let unsubscribe: (() => void)[] = []

  const visible = computed(() => drafts.value.filter((d) => includeArchived.value || !d.archived))
  const archivedCount = computed(() => drafts.value.filter((d) => d.archived).length)

  function byId(id: string): DraftSummary | undefined {
    return drafts.value.find((d) => d.id === id)
  }

  /** Subscribes to main's draft events (once) and loads the list. */
  async function start(): Promise<void> {
    if (unsubscribe.length === 0) {
      unsubscribe = [api.on('drafts.changed', applyChanged)]
    }
    await load()
  }

  function stop(): void {
    for (const u of unsubscribe) u()
    unsubscribe = []
  }

  function setList(list: { drafts: DraftSummary[]; problems: DraftProblem[] }): void {
    drafts.value = [...list.drafts].sort(byLastChange)
    problems.value = list.problems
    loaded.value = true
    loadError.value = null
  }

  /** Archived drafts are always fetched so that "show archived" and its count need no extra call. */
  async function load(): Promise<void> {
    const r = await call('drafts.list', { includeArchived: true })
    if (r.ok) setList(r.value)
    else loadError.value = r.error
  }

  /** Re-checks every draft's files and rules (the window regained focus), then reloads the list. */
  async function refresh(): Promise<void> {
    const r = await call('drafts.refresh')
    if (!r.ok) {
      loadError.value = r.error
      return
    }
    problems.value = r.value.problems
    await load()
  }

  function upsert(row: DraftSummary): void {
    const i = drafts.value.findIndex((d) => d.id === row.id)
    const next = [...drafts.value]
    if (i >= 0) next[i] = row
    else next.push(row)
    drafts.value = next.sort(byLastChange)
  }

  function applyChanged(delta: DraftsChanged): void {
    if (delta.removed.length) drafts.value = drafts.value.filter((d) => !delta.removed.includes(d.id))
    for (const row of delta.changed) upsert(row)
  }

  /** Runs a call that changes a draft, then reloads the list (the `drafts.changed` event may come later). */
  async function reloading<T>(r: Promise<Result<T>>): Promise<Result<T>> {
    const result = await r
    if (result.ok) await load()
    return result
  }

  return {
    drafts,
    problems,
    includeArchived,
    loaded,
    loadError,
    visible,
    archivedCount,
    byId,
    start,
    stop,
    load,
    refresh,
    applyChanged,
    rename: (id: string, name: string) => reloading(call('drafts.rename', { id, name })),
    duplicate: (id: string) => reloading(call('drafts.duplicate', { id })),
    archive: (id: string, archived: boolean) => reloading(call('drafts.archive', { id, archived })),
    undoDelete: (token: string) => reloading(call('drafts.undoDelete', { token })),
    importFile: (path: string) => reloading(call('drafts.import', { path })),
    async remove(id: string) {
      const r = await call('drafts.delete', { id })
      if (r.ok) drafts.value = drafts.value.filter((d) => d.id !== id)
      return r
    },
    exportTo: (id: string, path: string) => call('drafts.export', { id, path }),
    async relinkFile(id: string, from: string, to: string) {
      return reloading(call('drafts.relink', { id, from, to }))
    },
    async relinkFolder(id: string, folder: string) {
      return reloading(call('drafts.relink', { id, folder }))
    }
  }
})
