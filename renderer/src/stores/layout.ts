import { defineStore } from 'pinia'
import { ref } from 'vue'
import { readSetting, writeSetting } from './storage'

export const NAV_COLLAPSED_KEY = 'jobqueue.navCollapsed'

/** The frame's own state: whether the navigation rail shows labels. */
export const useLayoutStore = defineStore('layout', () => {
  const navCollapsed = ref(readSetting(NAV_COLLAPSED_KEY) === 'true')

  function setNavCollapsed(collapsed: boolean): void {
    navCollapsed.value = collapsed
    writeSetting(NAV_COLLAPSED_KEY, String(collapsed))
  }

  return { navCollapsed, setNavCollapsed, toggleNav: () => setNavCollapsed(!navCollapsed.value) }
})
