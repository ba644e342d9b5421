import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { FinishedJobEvent } from '../../../common/queue'
import { FinishedGrouper, type FinishedGroup } from '../notifications/grouper'

/** One line of the notification centre: a job that finished, a download batch done, or a notice. */
export interface CentreEntry {
  id: number
  kind: 'job' | 'download' | 'notice'
  title: string
  detail?: string
  tone: 'success' | 'info' | 'warn' | 'error'
  /** ISO time. */
  at: string
  jobId?: string
  read: boolean
}

/** Enough for a session; the oldest go first. */
const keep = 200
const jobTone = { succeeded: 'success', failed: 'error', cancelled: 'warn' } as const

/** This session's events for the bell, and the one grouped "jobs finished" notification shown now. */
export const useNotificationsStore = defineStore('notifications', () => {
  const entries = ref<CentreEntry[]>([])
  const current = shallowRef<FinishedGroup | null>(null)
  let nextId = 1

  const grouper = new FinishedGrouper({
    now: () => Date.now(),
    setTimeout: (f, ms) => {
      const t = window.setTimeout(f, ms)
      return () => window.clearTimeout(t)
    },
    show: (group) => (current.value = group)
  })

  const newestFirst = computed(() => [...entries.value].reverse())
  const unread = computed(() => entries.value.filter((e) => !e.read).length)

  function record(entry: Omit<CentreEntry, 'id' | 'read'>): void {
    entries.value = [...entries.value, { ...entry, id: nextId++, read: false }].slice(-keep)
  }

  /** A job main says has finished: listed, and toasted unless the OS already showed it. */
  function jobFinished(event: FinishedJobEvent): void {
    record({
      kind: 'job',
      title: `${event.name}: ${event.statusLabel}`,
      tone: jobTone[event.outcome],
      at: event.at,
      jobId: event.jobId
    })
    if (!event.native) grouper.add(event)
  }

  function markAllRead(): void {
    entries.value = entries.value.map((e) => (e.read ? e : { ...e, read: true }))
  }

  function clear(): void {
    entries.value = []
  }

  return {
    entries,
    newestFirst,
    unread,
    current,
    record,
    jobFinished,
    markAllRead,
    clear,
    dismiss: () => grouper.dismiss()
  }
})
