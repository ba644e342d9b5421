import { isUnder } from './issue-timing'

/** The wizard step that holds a request field: '2' files, '3' options, '4' schedule. */
export function stepOf(field: string): string {
  if (['template', 'data', 'combined', 'attachments'].some((f) => isUnder(field, f))) return '2'
  if (isUnder(field, 'scheduledExecutionDate')) return '4'
  return '3'
}

const focusable = 'input:not([disabled]), textarea:not([disabled]), button:not([disabled])'

/**
 * Focuses the control marked `data-field` for a request field, or for the nearest field above it
 * (`data.0.path`, then `data.0`, then `data`); a marked group focuses its first control. False when none is shown.
 */
export function focusField(root: ParentNode, field: string): boolean {
  const parts = field.split('.')
  for (let n = parts.length; n > 0; n--) {
    const el = root.querySelector<HTMLElement>(`[data-field="${parts.slice(0, n).join('.')}"]`)
    const target = el?.matches(focusable) ? el : el?.querySelector<HTMLElement>(focusable)
    if (target) {
      target.focus()
      target.scrollIntoView?.({ block: 'center' })
      return true
    }
  }
  return false
}

/** For `focusout` on a group: true when focus went outside it (not from one of its controls to another). */
export function leftGroup(e: FocusEvent): boolean {
  const group = e.currentTarget
  const next = e.relatedTarget
  return !(group instanceof Node && next instanceof Node && group.contains(next))
}
