import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect as baseExpect, type Page } from '@playwright/test'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'
import { startOidcEnv, type OidcEnv } from '../helpers/oidc-env'
import { seedOutputJobs } from '../main/downloads/fixtures'
import { guardPage } from './page-guard'
import { filesUnder, findSecrets } from '../helpers/secret-scan'

/**
 * Single sign-on as a user does it: Test connection preselects OIDC, the provider's real login page opens in a
 * second tab, the queue loads, a restart signs in silently from the keychain, and a 1-minute download goes on while
 * 5 s access tokens are refreshed. Needs a Secret Service (scripts/with-keychain.sh).
 */
const expect = baseExpect.configure({ timeout: 20_000 })
const jobs = 16
const fileBytes = 60_000
let env: OidcEnv
let host: HostProcess | undefined

test.beforeAll(async () => {
  const sbDir = mkdtempSync(join(tmpdir(), 'jq-e2e-oidc-sb-'))
  const specs = Array.from({ length: jobs }, (_, i) => ({
    name: `SSO export ${i}`,
    outputs: [{ name: `sso-${i}.xlsx`, size: fileBytes }]
  }))
  await seedOutputJobs(sbDir, specs)
  env = await startOidcEnv({ accessTokenTtlS: 5, dataDir: sbDir })
})
test.afterAll(async () => {
  await host?.stop()
  await env?.stop()
})

async function replies(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const api = window.jobqueue
    const all = await Promise.all([api.session.current(), api.connections.list(), api.downloads.list()])
    return JSON.stringify(all)
  })
}

test('sign in with OIDC in a second tab, load the queue, restart silently, download through refreshes', async ({
  page,
  context
}) => {
  test.setTimeout(330_000)
  const guard = await guardPage(page)
  const dataDir = mkdtempSync(join(tmpdir(), 'jq-e2e-oidc-data-'))
  host = await startHostProcess({ dataDir })
  await page.goto(`${host.url}#/connections`)
  await expect(page.locator('#page-title')).toHaveText('Connections')

  await page.getByTestId('add-connection').click()
  const dialog = page.getByTestId('connection-form')
  await expect(dialog).toBeVisible()

  // Test connection: the server offers Bearer only, so single sign-on is chosen and its login page opens.
  // On a loaded machine the first attempt can miss (a probe timing out): try again.
  let tab: Page | undefined
  await expect(async () => {
    await page.getByTestId('conn-name').fill('SSO server')
    await page.getByTestId('conn-url').fill(env.sandbox.url)
    await expect(page.getByTestId('conn-url')).toHaveValue(env.sandbox.url, { timeout: 1_000 })
    const opened = context.waitForEvent('page', { timeout: 30_000 })
    await page.getByTestId('conn-test').click()
    tab = await opened
  }).toPass({ timeout: 100_000 })
  if (!tab) throw new Error('no sign-in tab opened')
  await tab.waitForLoadState()
  await expect(tab.getByRole('heading', { name: 'Sign in to the Granta MI sandbox' })).toBeVisible()
  await tab.locator('input[name=login]').fill('writer')
  await tab.locator('input[name=password]').fill('writer-pass')
  await tab.getByRole('button', { name: 'Sign in' }).click()
  await expect(tab.getByRole('heading', { name: 'Signed in' })).toBeVisible()
  await tab.close()
  await expect(dialog.getByTestId('conn-oidc-hint')).toBeVisible()
  for (const step of ['probe', 'authenticate', 'api', 'version']) {
    await expect(dialog.getByTestId(`test-step-${step}`)).toHaveAttribute('data-state', 'ok')
  }

  // Save and connect: the tested sign-in is kept, no second login page.
  let tabs = 0
  context.on('page', () => tabs++)
  await page.getByTestId('conn-save-connect').click()
  await expect(page.getByTestId('session-card')).toHaveAttribute('data-status', 'connected')
  await expect(page.getByTestId('session-user')).toHaveText('writer')
  await page.goto(`${host.url}#/queue`)
  await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 30_000 })

  // Restart on the same data folder and keychain: signed in silently. The window goes with the app (else its
  // socket retries the stopped host and Chromium logs each refusal as an error).
  await page.goto('about:blank')
  await host.stop()
  host = await startHostProcess({ dataDir })
  await page.goto(`${host.url}#/connections`)
  await expect(page.getByTestId('session-card')).toHaveAttribute('data-status', 'connected', { timeout: 30_000 })
  await expect(page.getByTestId('session-user')).toHaveText('writer')
  expect(tabs).toBe(0)

  // A long download (16 × 60 kB at 16 kB/s, about a minute) while access tokens live 5 s.
  await page.evaluate(() => window.jobqueue.downloads.setBandwidthLimit({ bytesPerSecond: 16 * 1024 }))
  const grantsBefore = env.provider.grants()
  await page.goto(`${host.url}#/queue`)
  await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 30_000 })
  await page.getByTestId('download-shown').click()
  const download = page.getByTestId('download-dialog')
  const dest = mkdtempSync(join(tmpdir(), 'jq-e2e-oidc-dest-'))
  await download.getByTestId('download-destination').fill(dest)
  await expect(download.getByTestId('download-preview-count')).toContainText(`files in ${dest}`)
  await download.getByTestId('download-start').click()
  await expect(page).toHaveURL(/#\/downloads$/)
  const batch = page.getByTestId('download-batch')
  await expect(batch.getByTestId('batch-summary')).toContainText(`${jobs} done`, { timeout: 200_000 })
  await expect(batch.getByTestId('batch-summary')).toContainText('0 failed')
  expect(tabs).toBe(0)
  // Twelve token lifetimes went by: tokens were renewed again and again (when a request needed one), never expired.
  expect(env.provider.grants() - grantsBefore).toBeGreaterThanOrEqual(6)
  expect(filesUnder(dest)).toHaveLength(jobs)
  for (const f of filesUnder(dest)) expect(statSync(f).size).toBe(fileBytes)

  // No token in the data folder, the log or an IPC reply.
  const tokens = env.provider.issued()
  expect(tokens.length).toBeGreaterThan(4)
  expect(findSecrets({ dirs: [dataDir], texts: { 'IPC replies': await replies(page) } }, { literals: tokens })).toEqual(
    []
  )
  expect(await guard.problems()).toEqual([])
})
