import type { Directive } from 'vue'

/**
 * PrimeVue's Dialog focuses the field marked `autofocus` when its opening animation ends. On a busy machine the user
 * may already be typing in another field by then, and the rest of their typing would land in the wrong one. On a
 * dialog's form, this moves the mark to whichever field the user focuses, so the dialog focuses where they already are.
 */
export const vFollowFocus: Directive<HTMLElement> = {
  mounted(el) {
    el.addEventListener('focusin', markFocused)
  },
  beforeUnmount(el) {
    el.removeEventListener('focusin', markFocused)
  }
}

function markFocused(event: FocusEvent): void {
  const form = event.currentTarget
  const field = event.target
  if (!(form instanceof HTMLElement) || !(field instanceof HTMLElement) || field.hasAttribute('autofocus')) return
  for (const marked of form.querySelectorAll('[autofocus]')) marked.removeAttribute('autofocus')
  field.setAttribute('autofocus', '')
}
