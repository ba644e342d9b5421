import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from '../../../../main/granta'
import { OidcFlow, OidcSession, type RefreshTokenStore } from '../../../../main/granta/oidc'
import { scriptedBrowser } from '../../../helpers/oidc-browser'
import { startOidcEnv, type OidcEnv } from '../../../helpers/oidc-env'

function memoryStore(): RefreshTokenStore & { value: string | null; sets: number } {
  const store = {
    value: null as string | null,
    sets: 0,
    get: () => Promise.resolve(store.value),
    set: (token: string) => {
      store.value = token
      store.sets++
      return Promise.resolve()
    },
    delete: () => {
      store.value = null
      return Promise.resolve()
    }
  }
  return store
}

describe('connect with single sign-on (OIDC) to a real provider', () => {
  let env: OidcEnv
  beforeAll(async () => {
    env = await startOidcEnv({ accessTokenTtlS: 60 })
  })
  afterAll(async () => env?.stop())

  it('signs in through the login form, then silently from the saved refresh token, and refreshes before expiry', async () => {
    const browser = scriptedBrowser({ login: 'writer', password: 'writer-pass' })
    const store = memoryStore()
    let now = Date.now()
    const clock = () => new Date(now)
    const session = () => new OidcSession({ flow: new OidcFlow({ openBrowser: browser.open, clock }), store, clock })
    const steps: string[] = []
    const client = await connect(
      { url: env.sandbox.url, auth: { kind: 'oidc', session: session() } },
      { onStep: (s) => steps.push(`${s.step}:${s.message}`) }
    )
    expect((await client.currentUser()).username).toBe('writer')
    expect(browser.forms).toBe(1)
    expect(new URL(browser.opened[0] ?? '').searchParams.get('code_challenge_method')).toBe('S256')
    expect(steps.find((s) => s.startsWith('authenticate:'))).toContain('in your browser')
    expect(store.value).toBeTruthy()

    // Near the end of the token's life (by the client's clock), the next request refreshes first.
    const setsBefore = store.sets
    now += 50_000
    expect((await client.currentUser()).username).toBe('writer')
    expect(store.sets).toBeGreaterThan(setsBefore)
    client.close()

    // A restart: a new session with the same keychain signs in without the browser.
    const again = await connect({ url: env.sandbox.url, auth: { kind: 'oidc', session: session() } })
    expect((await again.currentUser()).username).toBe('writer')
    expect(browser.opened).toHaveLength(1)
    again.close()
  })

  it('a refresh the provider refuses (revoked elsewhere) fails the request once, says so, and opens no browser', async () => {
    const browser = scriptedBrowser({ login: 'writer', password: 'writer-pass' })
    const store = memoryStore()
    let now = Date.now()
    const clock = () => new Date(now)
    const session = new OidcSession({ flow: new OidcFlow({ openBrowser: browser.open, clock }), store, clock })
    let refused = 0
    const client = await connect(
      { url: env.sandbox.url, auth: { kind: 'oidc', session } },
      { onSignInRefused: () => refused++ }
    )
    expect((await client.currentUser()).username).toBe('writer')
    expect(refused).toBe(0)

    // The user signed out on the provider's side (or IT revoked the grant): the refresh token is revoked there.
    const metadata = (await (await fetch(`${env.provider.issuer}/.well-known/openid-configuration`)).json()) as {
      revocation_endpoint: string
    }
    const revoked = await fetch(metadata.revocation_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: store.value ?? '',
        token_type_hint: 'refresh_token',
        client_id: env.provider.clientId
      })
    })
    expect(revoked.status).toBe(200)

    now += 50_000
    await expect(client.currentUser()).rejects.toMatchObject({ code: 'Unauthorized' })
    expect(refused).toBe(1)
    expect(browser.opened).toHaveLength(1)
    client.close()
  })

  it('sign-out revokes the refresh token at the provider: it cannot sign in silently any more', async () => {
    const browser = scriptedBrowser({ login: 'writer', password: 'writer-pass' })
    const store = memoryStore()
    const session = () => new OidcSession({ flow: new OidcFlow({ openBrowser: browser.open }), store })
    const first = session()
    const client = await connect({ url: env.sandbox.url, auth: { kind: 'oidc', session: first } })
    const token = store.value
    expect(token).toBeTruthy()
    await first.signOut()
    expect(store.value).toBeNull()
    client.close()

    // The revoked token, put back where a copy might have survived, is refused: the browser opens again.
    store.value = token
    const again = await connect({ url: env.sandbox.url, auth: { kind: 'oidc', session: session() } })
    expect(browser.opened).toHaveLength(2)
    expect(store.value).not.toBe(token)
    again.close()
  })

  it('a quit while a refresh is under way waits for the rotated refresh token to reach the keychain', async () => {
    const browser = scriptedBrowser({ login: 'writer', password: 'writer-pass' })
    const store = memoryStore()
    const slow: RefreshTokenStore = {
      get: () => store.get(),
      delete: () => store.delete(),
      // A keychain that takes its time (Windows Credential Manager under load): the write lands 300 ms later.
      set: (token) => new Promise((resolve) => setTimeout(() => resolve(store.set(token)), 300))
    }
    let now = Date.now()
    const clock = () => new Date(now)
    const session = new OidcSession({ flow: new OidcFlow({ openBrowser: browser.open, clock }), store: slow, clock })
    const client = await connect({ url: env.sandbox.url, auth: { kind: 'oidc', session } })
    const first = store.value
    now += 50_000
    const request = client.currentUser()
    await new Promise((resolve) => setTimeout(resolve, 20))
    await session.settle()
    // What a restart finds in the keychain at this moment: the rotated token, not the spent one.
    const saved = store.value
    expect(saved).toBeTruthy()
    expect(saved).not.toBe(first)
    await request
    client.close()

    const kept = memoryStore()
    kept.value = saved
    const restarted = new OidcSession({ flow: new OidcFlow({ openBrowser: browser.open }), store: kept })
    const again = await connect({ url: env.sandbox.url, auth: { kind: 'oidc', session: restarted } })
    expect((await again.currentUser()).username).toBe('writer')
    expect(browser.opened).toHaveLength(1)
    again.close()
  })
})
