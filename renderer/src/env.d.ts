/// <reference types="vite/client" />
// A script, not a module (no top-level import), so that both declarations are global: a `declare module`
// inside a module is an augmentation, and plain TypeScript (type-aware lint) would then find no type for .vue.

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

interface Window {
  jobqueue: import('../../common/contract').JobQueueFacade
}
