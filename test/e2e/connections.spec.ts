import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect, type Page } from '@playwright/test'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'
import { startSandbox, type Sandbox } from '../../main/sandbox'
import { guardPage } from './page-guard'

/**
 * Needs a Secret Service: `npm run test:e2e` runs Playwright under scripts/with-keychain.sh,
 * and the browser host inherits its D-Bus session.
 */
const screenshots = 'test-results/screenshots'
let sandbox: Sandbox
let host: HostProcess | undefined

test.beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  sandbox = await startSandbox({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'jq-e2e-sandbox-')) })
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.stop()
})

async function openConnections(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/connections`)
  await expect(page.locator('#page-title')).toHaveText('Connections')
}

test('add a connection, test it, connect with Remember password, and be reconnected after a restart', async ({
  page
}) => {
  test.setTimeout(120_000)
  const guard = await guardPage(page)
  const dataDir = mkdtempSync(join(tmpdir(), 'jq-e2e-data-'))
  host = await startHostProcess({ dataDir })
  await openConnections(page, host.url)
  await expect(page.getByTestId('session-card')).toHaveAttribute('data-status', 'offline')
  await expect(page.getByTestId('connections-empty')).toBeVisible()

  // Add: inline validation first.
  await page.getByTestId('add-connection').click()
  const dialog = page.getByTestId('connection-form')
  await expect(dialog).toBeVisible()
  await page.getByTestId('conn-url').fill('mi.example.com')
  await page.getByTestId('conn-name').click()
  await expect(dialog.getByText('Enter a full http:// or https:// address')).toBeVisible()

  await page.getByTestId('conn-name').fill('Lab server')
  await page.getByTestId('conn-url').fill(sandbox.url)
  await page.getByTestId('conn-username').fill('writer')
  await page.locator('#conn-password').fill('writer-pass')
  const remember = dialog.getByTestId('remember-password').locator('input')
  await expect(remember).toBeEnabled()
  await expect(remember).toBeChecked()

  // Test: every step passes.
  await page.getByTestId('conn-test').click()
  for (const step of ['probe', 'authenticate', 'api', 'version']) {
    await expect(dialog.getByTestId(`test-step-${step}`)).toHaveAttribute('data-state', 'ok')
  }
  await expect(dialog.getByTestId('test-summary')).toContainText('signed in as writer')
  await page.screenshot({ path: `${screenshots}/connections-test.png` })

  // Save and connect, remembering the password.
  await page.getByTestId('conn-save-connect').click()
  const card = page.getByTestId('session-card')
  await expect(card).toHaveAttribute('data-status', 'connected')
  await expect(page.getByTestId('session-title')).toHaveText('Connected to Lab server')
  await expect(page.getByTestId('session-user')).toHaveText('writer')
  await expect(page.getByTestId('session-rights')).toContainText('Can submit jobs')
  await expect(page.getByTestId('session-version')).toContainText('Granta MI')
  await expect(page.getByTestId('connection-status')).toContainText('Lab server · writer')
  const row = page.locator('article', { hasText: 'Lab server' })
  await expect(row.getByText('Connected', { exact: true })).toBeVisible()
  expect(await guard.problems()).toEqual([])

  // Restart the browser host on the same data folder: reconnected without retyping the password.
  await host.stop()
  host = await startHostProcess({ dataDir })
  await openConnections(page, host.url)
  await expect(page.getByTestId('session-card')).toHaveAttribute('data-status', 'connected', { timeout: 30_000 })
  await expect(page.getByTestId('session-title')).toHaveText('Connected to Lab server')
  await expect(page.getByTestId('connection-status')).toContainText('Lab server · writer')
  await expect(page.locator('article', { hasText: 'Lab server' })).toBeVisible()
  await page.mouse.move(0, 0)
  await page.screenshot({ path: `${screenshots}/connections.png` })
  expect(await guard.problems()).toEqual([])
})

test("Connections → Sandbox shows the sandbox's random passwords, and they sign in from outside the app", async ({
  page
}) => {
  host ??= await startHostProcess()
  const guard = await guardPage(page)
  await openConnections(page, host.url)
  const card = page.getByTestId('connection-sandbox')
  await card.getByTestId('connection-connect-sandbox').click()
  // The host may still be connected to the first test's server: wait for the sandbox's own session.
  await expect(page.getByTestId('connection-status')).toContainText('Sandbox', { timeout: 60_000 })
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', { timeout: 60_000 })
  await card.getByTestId('sandbox-passwords-toggle').click()
  const panel = card.getByTestId('sandbox-passwords')
  await expect(panel.getByTestId('sandbox-passwords-note')).toContainText('kept in the system keychain')
  const url = await page.evaluate(async () => {
    const s = await window.jobqueue.session.current()
    return s.ok ? (s.value.session?.url ?? '') : ''
  })
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
  await expect(panel.getByTestId('sandbox-passwords-note')).toContainText(url)
  for (const user of ['admin', 'writer', 'reader']) {
    const password = (await panel.getByTestId(`sandbox-password-${user}`).getByTestId('password').textContent()) ?? ''
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/)
    const auth = (p: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${p}`).toString('base64')}` })
    const api = `${url}/proxy/v1.svc/mi/v1alpha/job-queue/current-user`
    expect((await fetch(api, { headers: auth(password) })).status).toBe(200)
    expect((await fetch(api, { headers: auth(`${user}-pass`) })).status).toBe(401)
  }
  await card.screenshot({ path: `${screenshots}/connections-sandbox-passwords.png` })
  expect(await guard.problems()).toEqual([])
})

test('typing into a dialog before its opening animation ends stays in the field the user chose', async ({ page }) => {
  host ??= await startHostProcess()
  const guard = await guardPage(page)
  await openConnections(page, host.url)
  // A slow opening, as on a loaded machine, that fades without moving (Playwright clicks only what stands still):
  // the dialog focuses its first field when it ends, unless the user is already in another one.
  await page.addStyleTag({
    content:
      '@keyframes jq-slow-fade { from { opacity: 0.2; } } .p-dialog-enter-active { animation: jq-slow-fade 3s linear !important; }'
  })
  await page.getByTestId('add-connection').click()
  const dialog = page.getByTestId('connection-form')
  await page.getByTestId('conn-url').click()
  await expect(dialog).toHaveClass(/p-dialog-enter-active/)
  await page.keyboard.type('https://')
  await expect(dialog).not.toHaveClass(/p-dialog-enter-active/)
  await page.keyboard.type('mi.example.com')
  await expect(page.getByTestId('conn-url')).toHaveValue('https://mi.example.com')
  await expect(page.getByTestId('conn-url')).toBeFocused()
  await expect(page.getByTestId('conn-name')).toHaveValue('')
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  expect(await guard.problems()).toEqual([])
})
