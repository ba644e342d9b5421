/// <reference types="vite/client" />
import type { JobQueueFacade } from '../../common/contract'

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare global {
  interface Window {
    jobqueue: JobQueueFacade
  }
}
