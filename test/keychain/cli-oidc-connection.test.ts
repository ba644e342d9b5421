import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { connectionFormSchema } from '../../common/connections'
import { createConnections } from '../../main/connections'
import { runCli } from '../../main/downloads/cli-run'
import { EventBus } from '../../main/events'
import { connect } from '../../main/granta'
import { defaultUsers, startSandbox } from '../../main/sandbox'
import { testLogger } from '../helpers/logger'
import { scriptedBrowser } from '../helpers/oidc-browser'
import { startOidcEnv, type OidcEnv } from '../helpers/oidc-env'
import { listFiles, seedOutputJobs } from '../main/downloads/fixtures'

/**
 * Runs inside scripts/with-keychain.sh. The app signs in to a connection with single sign-on (its refresh token
 * goes to the real Secret Service); the download command line then uses that connection by name and the saved
 * refresh token, without opening a browser, while 5 s access tokens are refreshed.
 */
let env: OidcEnv | undefined
const dirs: string[] = []
afterAll(async () => {
  await env?.stop()
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})
const temp = async (prefix: string) => {
  const d = await mkdtemp(join(tmpdir(), prefix))
  dirs.push(d)
  return d
}

describe('npm run download -- --connection <an OIDC connection>', () => {
  it('signs in silently with the refresh token the app saved, and downloads every output', async () => {
    const sbDir = await temp('jq-kc-oidc-sb-')
    const seeded = await seedOutputJobs(
      sbDir,
      Array.from({ length: 6 }, (_, i) => ({ name: `SSO ${i}`, outputs: [{ name: `sso-${i}.xlsx`, size: 20_000 }] }))
    )
    env = await startOidcEnv({ accessTokenTtlS: 5, dataDir: sbDir })
    const dataDir = await temp('jq-kc-oidc-app-')
    const browser = scriptedBrowser({ login: 'writer', password: 'writer-pass' })
    const app = createConnections({
      dataDir,
      events: new EventBus(),
      connect,
      logger: testLogger(),
      sandbox: { start: (o) => startSandbox(o), users: defaultUsers },
      oidc: { openBrowser: browser.open }
    })
    const form = connectionFormSchema.parse({ name: 'Plant SSO', url: env.sandbox.url, auth: 'oidc' })
    const c = await app.handlers['connections.create'](form, { transport: 'browser' })
    await app.sessionManager.connect({ id: c.id })
    expect(browser.forms).toBe(1)
    await app.dispose()

    const grantsBefore = env.provider.grants()
    const dest = await temp('jq-kc-oidc-dest-')
    const err: string[] = []
    const code = await runCli(
      ['--connection', 'plant sso', '--data-dir', dataDir, '--to', dest, '--limit', '16384', '--concurrency', '2'],
      {
        out: () => {},
        err: (t) => void err.push(t),
        isTty: false,
        openLog: () => testLogger(),
        // A browser the command must not need: it fails the run if it is opened.
        env: { ...process.env, BROWSER: 'false' }
      }
    )
    expect(code, err.join('')).toBe(0)
    expect(err.join('')).not.toContain('browser')
    const files = await listFiles(dest)
    expect(files).toHaveLength(seeded.length)
    for (const f of files) expect((await stat(join(dest, f))).size).toBe(20_000)
    // The silent sign-in, then refreshes while 120 kB arrived at 16 kB/s (about 7 s of 5 s tokens).
    expect(env.provider.grants() - grantsBefore).toBeGreaterThanOrEqual(2)
    expect(browser.opened).toHaveLength(1)
  }, 90_000)
})
