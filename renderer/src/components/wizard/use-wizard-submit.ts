import { computed, ref, watch, type Ref } from 'vue'
import { useRouter } from 'vue-router'
import { useToast } from 'primevue/usetoast'
import { call } from '../../api'
import { useSubmissionsStore } from '../../stores/submissions'
import type { useJobForm } from './job-form'
import { rememberDatabaseKey } from './recent-keys'

/**
 * Saving the wizard's job as a draft and submitting it: the draft it was saved as, what is busy, the upload
 * progress of its batch, and the error to show when a submission did not create a job.
 */
export function useWizardSubmit(
  form: ReturnType<typeof useJobForm>,
  options: { draftId: string | null; recentKeys: Ref<string[]>; onSaved: (id: string) => void }
) {
  const { request } = form
  const router = useRouter()
  const toast = useToast()
  const submissions = useSubmissionsStore()
  const draftId = ref<string | null>(options.draftId)
  const busy = ref<'saving' | 'submitting' | null>(null)
  /** The batch this wizard submitted (tracked by the submissions store). */
  const batchId = ref<string | null>(null)
  const progress = computed(() => submissions.byId(batchId.value))
  const submitError = ref<string | null>(null)

  async function save(): Promise<string | null> {
    busy.value = 'saving'
    try {
      const snapshot = form.snapshot()
      const r = draftId.value
        ? await call('drafts.update', { id: draftId.value, request: snapshot })
        : await call('drafts.create', { request: snapshot })
      if (!r.ok) {
        toast.add({ severity: 'error', summary: 'The draft was not saved', detail: r.error.message, life: 8000 })
        return null
      }
      draftId.value = r.value.id
      if (request.type === 'ExcelExportJob') options.recentKeys.value = rememberDatabaseKey(request.databaseKey)
      return r.value.id
    } finally {
      busy.value = null
    }
  }

  async function saveDraft(): Promise<void> {
    const id = await save()
    if (!id) return
    toast.add({
      severity: 'success',
      summary: 'Saved as a draft',
      detail: `"${request.name || 'Untitled job'}" is in Drafts.`,
      life: 4000
    })
    options.onSaved(id)
  }

  async function submit(): Promise<void> {
    submitError.value = null
    const id = await save()
    if (!id) return
    busy.value = 'submitting'
    batchId.value = null
    const started = await submissions.submit([id], () => request.name)
    if (!started.ok) {
      busy.value = null
      submitError.value = started.error.message
      return
    }
    batchId.value = started.value.batchId
  }

  /** The last progress main reported for this draft. */
  const current = computed(() => (draftId.value ? (progress.value?.drafts[draftId.value] ?? null) : null))

  watch(
    () => progress.value?.done,
    (done) => {
      const p = progress.value
      if (!done || !p || busy.value !== 'submitting') return
      busy.value = null
      const mine = current.value
      submissions.dismiss(p.batchId)
      if (mine?.phase === 'submitted' && mine.jobId) {
        toast.add({
          severity: 'success',
          summary: 'Job submitted',
          detail: `"${mine.name}" is in the queue.`,
          life: 5000
        })
        void router.push({ path: '/queue', query: { job: mine.jobId } })
      } else if (mine?.phase === 'skipped' && mine.skipped) {
        submitError.value = mine.skipped.message
      } else if (mine?.phase === 'cancelled' || p.cancelled) {
        submitError.value = 'Submission cancelled. The job was not created; your draft is kept.'
      } else {
        submitError.value = mine?.error?.message ?? 'The job was not submitted. Your draft is kept.'
      }
    }
  )

  async function cancel(): Promise<void> {
    if (batchId.value) await submissions.cancel(batchId.value)
  }

  const fraction = computed(() => {
    const p = progress.value
    return p && p.bytesTotal > 0 ? Math.round((p.bytesSent / p.bytesTotal) * 100) : 0
  })

  watch(
    () => request.name,
    () => (submitError.value = null)
  )

  return { busy, progress, current, fraction, submitError, saveDraft, submit, cancel }
}
