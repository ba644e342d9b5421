import { computed, ref, watch, type Ref } from 'vue'
import type { Job } from '../../../../common/domain'
import { adminsOnly, can, needsWrite, type Rights } from '../../permissions'
import { hasOutputs } from './row-menu'
import { pruneSelection } from './selection'

/** The queue's selection, the jobs of it each bulk action takes, and why an action takes fewer (or none). */
export function useQueueSelection(rows: Ref<readonly Job[]>, rights: Ref<Rights>) {
  const selected = ref(new Set<string>())
  watch(rows, (r) => {
    const present = new Set(r.map((j) => j.id))
    selected.value = pruneSelection(selected.value, present)
  })
  const selectedJobs = computed(() => rows.value.filter((j) => selected.value.has(j.id)))
  const deletable = computed(() => selectedJobs.value.filter((j) => can(j, rights.value, 'delete')))
  const resubmittable = computed(() => selectedJobs.value.filter((j) => can(j, rights.value, 'resubmit')))
  const cancellable = computed(() => selectedJobs.value.filter((j) => can(j, rights.value, 'cancel')))
  const downloadable = computed(() => selectedJobs.value.filter(hasOutputs))

  function why(action: 'delete' | 'resubmit' | 'download'): string | null {
    if (!rights.value.online) return 'You are offline: connect to change jobs or download outputs.'
    if (action !== 'download' && !rights.value.hasWriteAccess) return needsWrite
    const n = selectedJobs.value.length
    if (action === 'delete' && deletable.value.length < n)
      return deletable.value.length
        ? `${n - deletable.value.length} of the selected jobs belong to other users and will be kept.`
        : adminsOnly
    if (action === 'resubmit' && resubmittable.value.length < n)
      return resubmittable.value.length
        ? `Only finished jobs are resubmitted (${resubmittable.value.length} of ${n}).`
        : 'Only finished jobs can be resubmitted.'
    if (action === 'download' && downloadable.value.length < n)
      return downloadable.value.length
        ? `Only jobs that ran have outputs (${downloadable.value.length} of ${n}).`
        : 'These jobs have not produced outputs.'
    return null
  }

  return { selected, selectedJobs, deletable, resubmittable, cancellable, downloadable, why }
}
