import { reactive } from 'vue'
import { useRouter } from 'vue-router'
import type { Job } from '../../../../common/domain'
import { plural } from '../../../../common/format'
import type { ErrorValue, Result } from '../../../../common/errors'
import { api } from '../../api'
import { useNotify } from '../../composables/useNotify'

/**
 * The job actions with progress and outcome: `busy[key]` is true while one runs (buttons show a spinner),
 * and each ends with a toast. The table itself changes only when the monitor's next delta says so.
 */
export function useJobActions() {
  const notify = useNotify()
  const router = useRouter()
  const busy = reactive<Record<string, boolean>>({})

  async function run<T>(key: string, call: () => Promise<Result<T>>, done: (value: T) => void): Promise<T | null> {
    busy[key] = true
    try {
      const r = await call()
      if (!r.ok) {
        notify.error(r.error)
        return null
      }
      done(r.value)
      return r.value
    } finally {
      busy[key] = false
    }
  }

  return {
    busy,
    rename: (job: Job, name: string) =>
      run(
        'rename',
        () => api.call('jobs.update', { id: job.id, changes: { name } }),
        (j) => notify.success('Job renamed', `Now called “${j.name}”.`)
      ),
    describe: (job: Job, description: string | null) =>
      run(
        'describe',
        () => api.call('jobs.update', { id: job.id, changes: { description } }),
        () => notify.success('Description saved', job.name)
      ),
    reschedule: (job: Job, when: Date | null) =>
      run(
        'reschedule',
        () =>
          api.call('jobs.update', {
            id: job.id,
            changes: { scheduledExecutionDate: when ? when.toISOString() : null }
          }),
        () =>
          notify.success(
            when ? 'Job rescheduled' : 'Schedule removed',
            when ? `${job.name} runs after ${when.toLocaleString()}.` : `${job.name} runs as soon as possible.`
          )
      ),
    moveToTop: (job: Job) =>
      run(
        'moveToTop',
        () => api.call('jobs.moveToTop', { id: job.id }),
        () => notify.success('Moved to the top', `${job.name} runs next.`)
      ),
    cancel: (job: Job) =>
      run(
        'cancel',
        () => api.call('jobs.cancel', { id: job.id }),
        () => notify.success('Job cancelled', job.name)
      ),
    resubmit: (ids: string[]) =>
      run(
        'resubmit',
        () => api.call('jobs.resubmit', { ids }),
        (r) => {
          if (r.jobs.length) notify.success('Resubmitted', `${plural(r.jobs.length, 'new job')} added to the queue.`)
          for (const f of r.failed) notify.error({ code: 'ServerError', message: f.message })
        }
      ),
    remove: (ids: string[]) =>
      run(
        'delete',
        () => api.call('jobs.delete', { ids }),
        (r) => notify.success('Deleted', `${plural(r.deleted.length, 'job')} removed from the queue.`)
      ),
    copyToDraft: (job: Job) =>
      run(
        'copyToDraft',
        () => api.call('drafts.fromJob', { jobId: job.id }),
        (d) => {
          notify.success(
            'Draft created',
            `A copy of ${job.name} is saved in Drafts. Change what you need, then submit it.`
          )
          // The drafts editor (the wizard), opened on the new draft.
          void router.push({ path: '/new-job', query: { draft: d.id } })
        }
      ),
    /** A failed job's request in a new draft, opened in the editor with the job's errors shown on it. */
    fixAndResubmit: (job: Job) =>
      run(
        'fixAndResubmit',
        () => api.call('drafts.fromJob', { jobId: job.id }),
        (d) => {
          notify.success('Draft created', `Fix what made ${job.name} fail, then submit the draft.`)
          void router.push({ path: '/new-job', query: { draft: d.id } })
        }
      ),
    notifyError: (e: ErrorValue) => notify.error(e)
  }
}
