import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api'

/** What the desktop offers this window (`desktop.capabilities`), asked once and shared by every view. */
export const useDesktopStore = defineStore('desktop', () => {
  /** Native file dialogs (the app); false in the browser host, where paths are typed or pasted. */
  const nativeDialogs = ref(false)
  let loading: Promise<void> | null = null

  /** Asks main once; later calls wait for the same answer. A failed ask is tried again next time. */
  function load(): Promise<void> {
    loading ??= call('desktop.capabilities').then((r) => {
      if (r.ok) nativeDialogs.value = r.value.nativeDialogs
      else loading = null
    })
    return loading
  }

  return { nativeDialogs, load }
})
