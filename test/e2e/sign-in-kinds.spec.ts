import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect } from '@playwright/test'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'
import { startSandbox, type Sandbox } from '../../main/sandbox'
import { guardPage } from './page-guard'

let sandbox: Sandbox
let host: HostProcess | undefined

test.beforeAll(async () => {
  // A server that offers Windows account (NTLM) and Basic, as an IIS site with both providers would.
  sandbox = await startSandbox({
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'jq-e2e-ntlm-')),
    auth: ['ntlm', 'basic']
  })
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.stop()
})

test('the dialog warns about Basic over http, lists what the server offers, preselects it and signs in with NTLM', async ({
  page
}) => {
  test.setTimeout(90_000)
  const guard = await guardPage(page)
  host = await startHostProcess({ dataDir: mkdtempSync(join(tmpdir(), 'jq-e2e-ntlm-data-')) })
  await page.goto(`${host.url}#/connections`)
  await page.getByTestId('add-connection').click()
  const dialog = page.getByTestId('connection-form')
  const kinds = dialog.getByTestId('conn-auth')
  await page.getByTestId('conn-name').fill('Windows site')

  // Basic on a plain http:// address: a warning before any password is saved; https makes it go.
  await page.getByTestId('conn-url').fill('https://mi.example.com/mi_servicelayer')
  await expect(dialog.getByTestId('conn-basic-http-warning')).toHaveCount(0)
  await page.getByTestId('conn-url').fill(sandbox.url)
  await expect(dialog.getByTestId('conn-basic-http-warning')).toContainText('plain http://')

  // Test with Windows (current user): the server offers NTLM and Basic; the first of those is preselected.
  await kinds.getByText('Windows (current user)').click()
  await expect(dialog.getByTestId('conn-basic-http-warning')).toHaveCount(0)
  await page.getByTestId('conn-test').click()
  await expect(dialog.getByTestId('conn-offered')).toHaveText(
    'This server offers: Windows account, User name and password.'
  )
  await expect(kinds.locator('[aria-pressed="true"]')).toHaveText('Windows account')

  await page.getByTestId('conn-username').fill('SANDBOX\\writer')
  await page.locator('#conn-password').fill('writer-pass')
  await page.getByTestId('conn-test').click()
  for (const step of ['probe', 'authenticate', 'api', 'version']) {
    await expect(dialog.getByTestId(`test-step-${step}`)).toHaveAttribute('data-state', 'ok')
  }
  await page.getByTestId('conn-save-connect').click()
  await expect(page.getByTestId('session-card')).toHaveAttribute('data-status', 'connected')
  await expect(page.getByTestId('session-user')).toHaveText('writer')
  expect(sandbox.connections().some((c) => c.user === 'writer' && c.handshakes === 1)).toBe(true)
  expect(await guard.problems()).toEqual([])
})
