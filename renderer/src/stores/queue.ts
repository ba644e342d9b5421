import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef } from 'vue'
import type { Job, SkippedItem } from '../../../common/domain'
import type { ErrorValue } from '../../../common/errors'
import {
  sameScope,
  type QueueDelta,
  type QueueScope,
  type QueueSnapshot,
  type QueueStatusCounts
} from '../../../common/queue'
import { api } from '../api'
import type { Rights } from '../permissions'
import { useSessionStore } from './session'

const CLOCK_TICK_MS = 5_000
/** Jobs in the first answer (a screenful and more, in the queue's order); the rest follow in pages. */
export const FIRST_PAGE = 500
export const PAGE = 5_000

/**
 * The queue as main last described it: one snapshot when the view opens, then deltas.
 * Jobs live in a Map behind a shallow ref (10,000 jobs stay cheap); `version` changes with every delta.
 */
export const useQueueStore = defineStore('queue', () => {
  const jobs = shallowRef(new Map<string, Job>())
  const version = ref(0)
  const loaded = ref(false)
  const loadError = ref<ErrorValue | null>(null)
  const connectionId = ref<string | null>(null)
  const source = ref<QueueSnapshot['source']>('cache')
  const lastUpdated = ref<string | null>(null)
  const error = ref<ErrorValue | null>(null)
  const paused = ref(false)
  const refreshing = ref(false)
  /** The scope the held list was fetched with (the cached copy's, while offline). */
  const scope = ref<QueueScope>({})
  /** The scope last asked of main. */
  const wantedScope = ref<QueueScope | null>(null)
  /** Counts by status over the whole queue, as main computed them. */
  const counts = ref<QueueStatusCounts | null>(null)
  /** The jobs of the last list that could not be read. */
  const skipped = shallowRef<readonly SkippedItem[]>([])
  /** Every submitter seen on this connection, so the submitter list does not shrink to the current scope. */
  const submitters = shallowRef(new Set<string>())
  /** The time statuses and durations are computed against; ticks while the queue is watched. */
  const now = ref(new Date())
  /** Jobs of the snapshot still being fetched after its first page. */
  const remaining = ref(0)
  /** Ids deltas touched while the rest of a snapshot is fetched: its pages are older than those deltas. */
  let touched: Set<string> | null = null
  /** A newer snapshot, a reset or `dispose` stops the pages of an older one. */
  let generation = 0

  const session = useSessionStore()
  const online = computed(() => session.status === 'connected' && source.value === 'server')
  const rights = computed<Rights>(() => {
    const s = session.session
    return {
      online: online.value,
      username: s?.username ?? null,
      isAdmin: s?.isAdmin ?? false,
      hasWriteAccess: s?.hasWriteAccess ?? false
    }
  })
  const list = computed<Job[]>(() => {
    void version.value
    return [...jobs.value.values()]
  })

  function status(d: Omit<QueueSnapshot, 'jobs' | 'nextPollMs'>): void {
    if (d.connectionId !== connectionId.value) submitters.value = new Set()
    connectionId.value = d.connectionId
    source.value = d.source
    lastUpdated.value = d.lastUpdated
    error.value = d.error
    paused.value = d.paused
    if (!sameScope(d.scope, scope.value)) scope.value = d.scope
    counts.value = d.counts
    skipped.value = d.skipped
  }

  function learnSubmitters(list: Iterable<Job>): void {
    const known = submitters.value
    let grew = false
    for (const job of list) {
      if (!known.has(job.submitterName)) {
        known.add(job.submitterName)
        grew = true
      }
    }
    if (grew) triggerRef(submitters)
  }

  function changed(): void {
    triggerRef(jobs)
    version.value++
  }

  function stopPages(): void {
    generation++
    touched = null
    remaining.value = 0
  }

  function applySnapshot(s: QueueSnapshot): void {
    stopPages()
    const next = new Map<string, Job>()
    for (const job of s.jobs) next.set(job.id, job)
    jobs.value = next
    status(s)
    learnSubmitters(s.jobs)
    loaded.value = true
    changed()
  }

  /** Applies one delta from main: what was added, changed and removed since the previous one. */
  function applyDelta(d: QueueDelta): void {
    const map = jobs.value
    if (d.reset) stopPages()
    else if (touched) for (const list of [d.added, d.changed]) for (const job of list) touched.add(job.id)
    if (touched) for (const id of d.removed) touched.add(id)
    if (d.reset) map.clear()
    for (const job of d.added) map.set(job.id, job)
    for (const job of d.changed) map.set(job.id, job)
    for (const id of d.removed) map.delete(id)
    status(d)
    learnSubmitters(d.added)
    learnSubmitters(d.changed)
    if (d.reset) loaded.value = true
    changed()
  }

  /** Only running jobs (durations) and scheduled ones (Scheduled turns Pending) change with time alone. */
  function dependsOnClock(): boolean {
    for (const job of jobs.value.values()) {
      if (job.status === 'Running' || (job.status === 'Pending' && job.scheduledExecutionDate)) return true
    }
    return false
  }

  let stop: (() => void) | null = null

  /** Subscribes to main's deltas, loads the snapshot and reports the window's visibility. Idempotent. */
  async function start(): Promise<void> {
    if (stop) return
    const offDelta = api.on('queue.delta', applyDelta)
    const onVisibility = () => void api.call('queue.setVisible', { visible: document.visibilityState !== 'hidden' })
    document.addEventListener('visibilitychange', onVisibility)
    // Running durations move every tick; relative times ("5 min ago") once a minute.
    const timer = setInterval(() => {
      const t = new Date()
      if (dependsOnClock() || t.getTime() - now.value.getTime() >= 60_000) now.value = t
    }, CLOCK_TICK_MS)
    stop = () => {
      offDelta()
      document.removeEventListener('visibilitychange', onVisibility)
      clearInterval(timer)
    }
    void session.start()
    onVisibility()
    await load()
  }

  async function load(): Promise<void> {
    const snap = await api.call('queue.snapshot', { firstPage: FIRST_PAGE })
    if (snap.ok) {
      loadError.value = null
      applySnapshot(snap.value)
      if (snap.value.more) await loadRest(snap.value.more.token, snap.value.jobs.length, snap.value.more.total)
    } else {
      loadError.value = snap.error
      loaded.value = true
    }
  }

  /** Fetches the rest of a snapshot page by page; if a page cannot be had, the whole queue in one answer. */
  async function loadRest(token: string, offset: number, total: number): Promise<void> {
    const mine = generation
    touched = new Set()
    remaining.value = total - offset
    while (mine === generation && remaining.value > 0) {
      const page = await api.call('queue.snapshotPage', { token, offset, limit: PAGE })
      if (mine !== generation) return
      if (!page.ok || (page.value.jobs.length === 0 && !page.value.done)) {
        const whole = await api.call('queue.snapshot')
        if (mine === generation && whole.ok) applySnapshot(whole.value)
        return
      }
      const map = jobs.value
      const seen = touched
      for (const job of page.value.jobs) if (!seen?.has(job.id)) map.set(job.id, job)
      learnSubmitters(page.value.jobs)
      offset += page.value.jobs.length
      remaining.value = page.value.done ? 0 : Math.max(0, total - offset)
      changed()
    }
    if (mine === generation) touched = null
  }

  function dispose(): void {
    stopPages()
    stop?.()
    stop = null
  }

  /** Asks main to poll now; the result arrives as a delta. */
  async function refresh(): Promise<ErrorValue | null> {
    refreshing.value = true
    try {
      const r = await api.call('queue.refresh')
      if (!loaded.value || loadError.value) await load()
      return r.ok ? null : r.error
    } finally {
      refreshing.value = false
    }
  }

  /** Tells main which jobs to list (the server-side part of the view's filters); the result comes as deltas. */
  async function setScope(next: QueueScope): Promise<ErrorValue | null> {
    if (wantedScope.value && sameScope(next, wantedScope.value)) return null
    wantedScope.value = next
    const r = await api.call('queue.setScope', next)
    return r.ok ? null : r.error
  }

  function get(id: string): Job | undefined {
    void version.value
    return jobs.value.get(id)
  }

  return {
    jobs,
    version,
    list,
    loaded,
    loadError,
    connectionId,
    source,
    lastUpdated,
    error,
    paused,
    refreshing,
    scope,
    wantedScope,
    counts,
    skipped,
    submitters,
    now,
    remaining,
    online,
    rights,
    applySnapshot,
    applyDelta,
    start,
    dispose,
    refresh,
    setScope,
    get
  }
})
