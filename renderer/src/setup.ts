import type { App } from 'vue'
import { createPinia, type Pinia } from 'pinia'
import type { Router, RouterHistory } from 'vue-router'
import PrimeVue from 'primevue/config'
import ToastService from 'primevue/toastservice'
import Tooltip from 'primevue/tooltip'
import { createAppRouter } from './router'
import { JobQueuePreset } from './theme/preset'
import { DARK_CLASS } from './stores/theme'

/** Installs everything the frame needs on a Vue app. main.ts and the component tests share it. */
export function installRenderer(app: App, options: { history?: RouterHistory } = {}): { pinia: Pinia; router: Router } {
  const pinia = createPinia()
  const router = createAppRouter(options.history)
  app
    .use(pinia)
    .use(router)
    .use(PrimeVue, {
      ripple: false,
      theme: { preset: JobQueuePreset, options: { darkModeSelector: `.${DARK_CLASS}`, cssLayer: false } }
    })
    .use(ToastService)
    .directive('tooltip', Tooltip)
  return { pinia, router }
}
