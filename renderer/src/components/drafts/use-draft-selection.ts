import { computed, ref } from 'vue'
import type { DraftSummary } from '../../../../common/drafts'
import { plural } from '../../../../common/format'
import { useNotify } from '../../composables/useNotify'
import { useDraftsStore } from '../../stores/drafts'
import { useSessionStore } from '../../stores/session'
import { useSubmissionsStore } from '../../stores/submissions'

/** A draft that can be ticked for a batch: not archived, not sent or being sent. */
export const isSelectable = (d: DraftSummary) => !d.archived && d.state !== 'submitted' && d.state !== 'submitting'

/**
 * The Drafts view's selection and its batch submit: only the ready drafts of the selection are sent; the
 * others stay, each row saying what it needs, and the button says how many of each there are.
 */
export function useDraftSelection() {
  const store = useDraftsStore()
  const submissions = useSubmissionsStore()
  const session = useSessionStore()
  const notify = useNotify()

  const selected = ref(new Set<string>())
  const selectable = computed(() => store.visible.filter(isSelectable))
  const chosen = computed(() => store.visible.filter((d) => selected.value.has(d.id) && isSelectable(d)))
  const allSelected = computed(() => selectable.value.length > 0 && chosen.value.length === selectable.value.length)
  const someSelected = computed(() => chosen.value.length > 0 && !allSelected.value)
  const ready = computed(() => chosen.value.filter((d) => d.state === 'ready'))
  const needingAttention = computed(() => chosen.value.length - ready.value.length)

  function toggle(id: string, on: boolean): void {
    const next = new Set(selected.value)
    if (on) next.add(id)
    else next.delete(id)
    selected.value = next
  }
  function toggleAll(on: boolean): void {
    selected.value = on ? new Set(selectable.value.map((d) => d.id)) : new Set()
  }

  /** "Submit 1 ready draft (2 need attention)". */
  const submitLabel = computed(() => {
    const n = ready.value.length
    const attention = needingAttention.value
    const rest = attention ? ` (${attention} need${attention === 1 ? 's' : ''} attention)` : ''
    if (n === 0) return attention ? `No ready draft to submit${rest}` : 'Submit'
    return `Submit ${plural(n, 'ready draft')}${rest}`
  })

  const submitBlocker = computed(() => {
    if (submissions.submitting) return 'A batch is being submitted. Wait for it to finish, or cancel it.'
    if (chosen.value.length === 0) return 'Select the drafts to submit.'
    if (ready.value.length === 0) return 'None of the selected drafts is ready: each one says what it needs.'
    if (session.status !== 'connected') return 'Connect to a Granta MI server to submit. Drafts stay here until then.'
    if (session.session && !session.session.hasWriteAccess)
      return `${session.session.username} may not create jobs on this server.`
    return null
  })
  const submitTip = computed(() =>
    session.status === 'connected' && session.session && !session.session.hasWriteAccess ? 'Needs write access' : null
  )

  async function submitSelected(): Promise<void> {
    const ids = ready.value.map((d) => d.id)
    const r = await submissions.submit(ids, (id) => store.byId(id)?.name ?? '')
    if (!r.ok) return notify.error(r.error)
    // What was not sent stays selected, to be fixed and sent next.
    selected.value = new Set(chosen.value.filter((d) => !ids.includes(d.id)).map((d) => d.id))
  }

  return {
    selected,
    selectable,
    chosen,
    allSelected,
    someSelected,
    toggle,
    toggleAll,
    submitLabel,
    submitBlocker,
    submitTip,
    submitSelected
  }
}
