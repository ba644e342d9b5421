import { isFinished, type Job } from '../../common/domain'

/** Who is asking, and whether the server can be reached at all. */
export interface Rights {
  online: boolean
  username: string | null
  isAdmin: boolean
  hasWriteAccess: boolean
}

export const noRights: Rights = { online: false, username: null, isAdmin: false, hasWriteAccess: false }

export type JobAction = 'edit' | 'reschedule' | 'moveToTop' | 'cancel' | 'resubmit' | 'copyToDraft' | 'delete'

/** The actions the server would accept, by its rules: write access; other users' jobs only for admins. */
export function allowedActions(job: Pick<Job, 'status' | 'submitterName' | 'type'>, rights: Rights): Set<JobAction> {
  const out = new Set<JobAction>()
  if (!rights.online || !rights.hasWriteAccess) return out
  const mine = rights.username !== null && job.submitterName.toLowerCase() === rights.username.toLowerCase()
  const owner = mine || rights.isAdmin
  if (owner) {
    out.add('edit')
    out.add('delete')
    if (job.status === 'Pending') {
      out.add('reschedule')
      out.add('cancel')
    }
  }
  if (rights.isAdmin && job.status === 'Pending') out.add('moveToTop')
  // A job of a type the app does not know: what a resubmit or a draft of it would mean is unknown.
  if (job.type === 'Other') return out
  if (isFinished(job.status)) out.add('resubmit')
  out.add('copyToDraft')
  return out
}

export function can(job: Pick<Job, 'status' | 'submitterName' | 'type'>, rights: Rights, action: JobAction): boolean {
  return allowedActions(job, rights).has(action)
}
