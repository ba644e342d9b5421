import { onBeforeUnmount, onMounted } from 'vue'

/** A keydown listener on the window while the component is mounted; it sees keys no element handled. */
export function useWindowKeys(onKey: (e: KeyboardEvent) => void): void {
  const listener = (e: KeyboardEvent) => {
    if (!e.defaultPrevented && !e.repeat) onKey(e)
  }
  onMounted(() => window.addEventListener('keydown', listener))
  onBeforeUnmount(() => window.removeEventListener('keydown', listener))
}

/** Whether a modal dialog or an open menu has the keyboard: page shortcuts wait for it to close. */
export function overlayOpen(): boolean {
  return document.querySelector('.p-dialog-mask, .p-contextmenu, .p-datepicker-panel') !== null
}
