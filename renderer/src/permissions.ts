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

/** The words a disabled action's tooltip says, so a user sees what they would need. */
export const needsWrite = 'Needs write access'
export const adminsOnly = 'Administrators only'
export const needsConnection = 'Connect to the server first'

/**
 * An action on a job: `applies` when it means something for the job as it is (cancel a pending job, resubmit a
 * finished one) — an action that does not apply is not offered; `reason` says why this user cannot take one
 * that applies (the button is shown disabled with it), null when they can.
 */
export interface ActionState {
  applies: boolean
  reason: string | null
}

type JobFacts = Pick<Job, 'status' | 'submitterName' | 'type'>

function applies(job: JobFacts, action: JobAction): boolean {
  switch (action) {
    case 'edit':
    case 'delete':
      return true
    case 'reschedule':
    case 'cancel':
    case 'moveToTop':
      return job.status === 'Pending'
    // A job of a type the app does not know: what a resubmit or a draft of it would mean is unknown.
    case 'resubmit':
      return job.type !== 'Other' && isFinished(job.status)
    case 'copyToDraft':
      return job.type !== 'Other'
  }
}

/** Why the server would refuse it, by its rules: write access; other users' jobs only for admins. */
function refusal(job: JobFacts, rights: Rights, action: JobAction): string | null {
  if (!rights.online) return needsConnection
  // A draft is the user's own, on this computer: copying a job into one needs only to read it.
  if (action === 'copyToDraft') return null
  if (action === 'moveToTop') return rights.isAdmin ? null : adminsOnly
  if (!rights.hasWriteAccess) return needsWrite
  if (action === 'resubmit') return null
  const mine = rights.username !== null && job.submitterName.toLowerCase() === rights.username.toLowerCase()
  return mine || rights.isAdmin ? null : adminsOnly
}

export function actionState(job: JobFacts, rights: Rights, action: JobAction): ActionState {
  return { applies: applies(job, action), reason: refusal(job, rights, action) }
}

/** The actions the server would accept. */
export function allowedActions(job: JobFacts, rights: Rights): Set<JobAction> {
  const all: JobAction[] = ['edit', 'reschedule', 'moveToTop', 'cancel', 'resubmit', 'copyToDraft', 'delete']
  return new Set(all.filter((a) => can(job, rights, a)))
}

export function can(job: JobFacts, rights: Rights, action: JobAction): boolean {
  const s = actionState(job, rights, action)
  return s.applies && s.reason === null
}
