/**
 * A scripted user in a minimal browser: follows the provider's redirects with cookies, fills the real login form
 * of oidc-provider and follows the answer back to the app's loopback listener. For unit tests; e2e uses Chromium.
 */
export interface ScriptedBrowser {
  /** Give this to the app as its "open in the system browser". */
  open: (url: string) => Promise<void>
  /** URLs the app asked to open, in order. */
  opened: string[]
  /** How many times the login form was shown. */
  forms: number
  /** Settles when the last sign-in opened has come back (or stopped). */
  done: Promise<void>
}

export function scriptedBrowser(user: { login: string; password: string } | 'close' | 'cancel'): ScriptedBrowser {
  const cookies = new Map<string, string>()
  const browser: ScriptedBrowser = { opened: [], forms: 0, open: async () => {}, done: Promise.resolve() }
  const cookieHeader = (): string => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const keep = (r: Response): void => {
    for (const line of r.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair?.indexOf('=') ?? -1
      if (pair && eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1))
    }
  }
  async function go(url: string, init: RequestInit = {}): Promise<void> {
    let next: { url: string; init: RequestInit } | null = { url, init }
    for (let hops = 0; next && hops < 20; hops++) {
      const r: Response = await fetch(next.url, {
        ...next.init,
        redirect: 'manual',
        headers: { ...(next.init.headers as Record<string, string>), cookie: cookieHeader() }
      })
      keep(r)
      const location = r.headers.get('location')
      if (location) {
        await r.arrayBuffer()
        next = { url: new URL(location, next.url).href, init: {} }
        continue
      }
      const html = await r.text()
      const form = /<form method="post" action="([^"]+\/login)"/.exec(html)
      if (!form?.[1]) return
      browser.forms++
      if (user === 'close') return
      const action: string = new URL(form[1], next.url).href
      const body =
        user === 'cancel' ? null : new URLSearchParams({ login: user.login, password: user.password }).toString()
      next = {
        url: user === 'cancel' ? action.replace(/\/login$/, '/abort') : action,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          ...(body ? { body } : {})
        }
      }
    }
  }
  browser.open = (url: string) => {
    browser.opened.push(url)
    browser.done = go(url).catch(() => {})
    return Promise.resolve()
  }
  return browser
}
