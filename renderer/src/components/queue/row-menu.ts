import type { Job } from '../../../../common/domain'
import { actionState, adminsOnly, can, needsConnection, type JobAction, type Rights } from '../../permissions'

/** The queue row menu's commands, in the order shown. */
export type RowAction = 'open' | 'download' | 'resubmit' | 'fixAndResubmit' | 'copyToDraft' | 'cancel' | 'delete'

export interface RowMenuItem {
  action: RowAction
  label: string
  icon: string
  /** Why it cannot be taken now; null when it can. */
  reason: string | null
  danger?: boolean
}

/** Which jobs a right-click (or Shift+F10) acts on: the selection when the row is in it, else that row alone. */
export function menuTargets(rowId: string, selected: ReadonlySet<string>, rows: readonly Job[]): Job[] {
  if (selected.has(rowId)) return rows.filter((j) => selected.has(j.id))
  const row = rows.find((j) => j.id === rowId)
  return row ? [row] : []
}

export const hasOutputs = (j: Pick<Job, 'status'>) => j.status === 'Succeeded' || j.status === 'Failed'
/** "Fix and resubmit" is for a job that failed: a draft with its request, its errors shown. */
export const canFix = (j: Pick<Job, 'status' | 'type'>) => j.status === 'Failed' && j.type !== 'Other'

/** Why none of `jobs` allows `action`: the reason the first job it applies to gives, else `otherwise`. */
function refusal(jobs: readonly Job[], rights: Rights, action: JobAction, otherwise: string): string | null {
  if (jobs.some((j) => can(j, rights, action))) return null
  const states = jobs.map((j) => actionState(j, rights, action)).filter((s) => s.applies)
  return states.find((s) => s.reason)?.reason ?? otherwise
}

/**
 * The row menu for `targets` (Open opens the row the menu was opened on). Every command is listed; one that
 * cannot be taken says why, with the words of the Job view's buttons. Acting on several jobs takes those it can.
 */
export function rowMenu(targets: readonly Job[], rights: Rights): RowMenuItem[] {
  const one = targets.length === 1 ? targets[0] : undefined
  const oneOnly = 'Select one job for this'
  const offline = rights.online ? null : needsConnection
  const noOutputs = one ? 'This job has not produced outputs.' : 'These jobs have not produced outputs.'
  const download = offline ?? (targets.some(hasOutputs) ? null : noOutputs)
  const items: RowMenuItem[] = [
    { action: 'open', label: 'Open', icon: 'pi pi-external-link', reason: null },
    { action: 'download', label: 'Download outputs', icon: 'pi pi-download', reason: download },
    {
      action: 'resubmit',
      label: 'Resubmit',
      icon: 'pi pi-replay',
      reason: refusal(targets, rights, 'resubmit', 'Only finished jobs can be resubmitted.')
    }
  ]
  if (targets.some(canFix))
    items.push({
      action: 'fixAndResubmit',
      label: 'Fix and resubmit',
      icon: 'pi pi-wrench',
      reason: one ? actionState(one, rights, 'copyToDraft').reason : oneOnly
    })
  items.push(
    {
      action: 'copyToDraft',
      label: 'Copy to new draft',
      icon: 'pi pi-copy',
      reason: one ? refusal([one], rights, 'copyToDraft', 'A job of an unknown type cannot be copied.') : oneOnly
    },
    {
      action: 'cancel',
      label: 'Cancel job',
      icon: 'pi pi-ban',
      reason: refusal(targets, rights, 'cancel', 'Only jobs that have not started can be cancelled.')
    },
    {
      action: 'delete',
      label: 'Delete',
      icon: 'pi pi-trash',
      reason: refusal(targets, rights, 'delete', adminsOnly),
      danger: true
    }
  )
  return items
}
