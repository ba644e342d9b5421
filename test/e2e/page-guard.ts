import type { Page } from '@playwright/test'

/**
 * Records what must never happen on a page: console errors, uncaught exceptions and
 * Content-Security-Policy violations (reported by the page itself through an init script).
 */
export interface PageGuard {
  problems(): Promise<string[]>
}

export async function guardPage(page: Page): Promise<PageGuard> {
  const seen: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push(`console.error: ${m.text()}`)
  })
  page.on('pageerror', (e) => seen.push(`uncaught: ${e.message}`))
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText ?? ''
    // Chromium cancels its own favicon fetch when a route change comes first (seen on a busy machine): not the page's doing.
    if (new URL(r.url()).pathname === '/favicon.svg' && error === 'net::ERR_ABORTED') return
    seen.push(`request failed: ${r.url()} ${error}`)
  })
  await page.addInitScript(() => {
    window.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations?.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`)
    })
  })
  return {
    async problems() {
      const csp = page.isClosed() ? [] : await page.evaluate(() => window.__cspViolations ?? []).catch(() => [])
      return [...seen, ...csp.map((v) => `CSP violation: ${v}`)]
    }
  }
}
