// What Playwright tests find on the page: the contract's facade and the CSP recorder of page-guard.ts.
// (test/e2e has its own tsconfig with the DOM library, because page.evaluate callbacks run in the page.)
import type { JobQueueFacade } from '../../common/contract'

declare global {
  interface Window {
    jobqueue: JobQueueFacade
    __cspViolations?: string[]
  }
}

export {}
