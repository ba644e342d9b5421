import { afterEach, describe, expect, it } from 'vitest'
import { connect } from '../../../../main/granta'
import { OidcFlow, OidcSession, type RefreshTokenStore } from '../../../../main/granta/oidc'
import { scriptedBrowser, type ScriptedBrowser } from '../../../helpers/oidc-browser'
import { freePort, startOidcEnv, type OidcEnv } from '../../../helpers/oidc-env'
import { stringMatching } from '../../../helpers/match'

const store = (): RefreshTokenStore => {
  let v: string | null = null
  return {
    get: () => Promise.resolve(v),
    set: (t) => Promise.resolve(void (v = t)),
    delete: () => Promise.resolve(void (v = null))
  }
}
const writer = { login: 'writer', password: 'writer-pass' }
const hours = (n: number) => n * 3_600_000

let env: OidcEnv | undefined
afterEach(async () => {
  await env?.stop()
  env = undefined
})

async function attempt(
  browser: ScriptedBrowser,
  options: { signInTimeoutMs?: number; clockOffsetMs?: number } = {}
): Promise<unknown> {
  if (!env) throw new Error('no env')
  const clock = () => new Date(Date.now() + (options.clockOffsetMs ?? 0))
  const flow = new OidcFlow({ openBrowser: browser.open, clock, signInTimeoutMs: options.signInTimeoutMs ?? 20_000 })
  const session = new OidcSession({ flow, store: store(), clock })
  return connect({ url: env.sandbox.url, auth: { kind: 'oidc', session } }).then(
    (client) => {
      client.close()
      return null
    },
    (e: unknown) => e
  )
}

describe('single sign-on errors a user understands', () => {
  it('the provider cannot be reached', async () => {
    env = await startOidcEnv({ bearer: { authority: `http://127.0.0.1:${await freePort()}` } })
    const browser = scriptedBrowser(writer)
    const error = await attempt(browser)
    expect(error).toMatchObject({ code: 'ConnectionRefused', message: stringMatching(/cannot be reached/) })
    expect(browser.opened).toHaveLength(0)
  })

  it('the browser sign-in is closed and times out', async () => {
    env = await startOidcEnv()
    const browser = scriptedBrowser('close')
    const error = await attempt(browser, { signInTimeoutMs: 1_500 })
    expect(browser.forms).toBe(1)
    expect(error).toMatchObject({ code: 'Timeout', message: stringMatching(/did not finish within 2 s/) })
  })

  it('the sign-in is cancelled on the provider page', async () => {
    env = await startOidcEnv()
    const error = await attempt(scriptedBrowser('cancel'))
    expect(error).toMatchObject({ code: 'Cancelled', message: stringMatching(/cancelled or refused/) })
  })

  it('the server announces a client id the provider does not know', async () => {
    env = await startOidcEnv({ bearer: { clientId: 'not-registered' } })
    const browser = scriptedBrowser(writer)
    const error = await attempt(browser)
    expect(error).toMatchObject({
      code: 'Unauthorized',
      message: stringMatching(/does not know this app \(client id "not-registered"\)/)
    })
    expect(browser.opened).toHaveLength(0)
  })

  it('the token is for another audience than the server expects', async () => {
    env = await startOidcEnv({ bearer: { audience: 'api://another-api' } })
    const error = await attempt(scriptedBrowser(writer))
    expect(error).toMatchObject({
      code: 'Unauthorized',
      message: stringMatching(/refused the sign-in token: the token is for another audience.*apiaudience/)
    })
  })

  it("the server's clock is two hours ahead", async () => {
    env = await startOidcEnv({ clock: () => new Date(Date.now() + hours(2)) })
    const error = await attempt(scriptedBrowser(writer))
    expect(error).toMatchObject({
      code: 'Unauthorized',
      message: stringMatching(/the token has expired\. Check that this computer's clock and the server's/)
    })
  })

  it("this computer's clock is two hours ahead", async () => {
    env = await startOidcEnv()
    const error = await attempt(scriptedBrowser(writer), { clockOffsetMs: hours(2) })
    expect(error).toMatchObject({
      code: 'Unauthorized',
      message: stringMatching(/looks expired or issued in the future. Check that this computer's date/)
    })
  })
})
