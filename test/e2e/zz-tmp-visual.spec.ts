import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect } from '@playwright/test'
import { startHostProcess } from '../helpers/browser-host-process'
import { startSandbox } from '../../main/sandbox'

test('visual', async ({ page }) => {
  test.setTimeout(180_000)
  const sandbox = await startSandbox({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'jq-v-')) })
  const host = await startHostProcess({ dataDir: mkdtempSync(join(tmpdir(), 'jq-v-')) })
  await page.goto(`${host.url}#/connections`)
  await page.getByTestId('add-connection').click()
  await page.getByTestId('conn-name').fill('Prod')
  await page.getByTestId('conn-url').fill(sandbox.url)
  await page.getByTestId('conn-username').fill('writer')
  await page.locator('#conn-password').fill('wrong')
  await page.getByTestId('conn-test').click()
  await expect(page.getByTestId('test-step-authenticate')).toHaveAttribute('data-state', 'failed')
  await page.screenshot({ path: 'test-results/screenshots/tmp-form-fail.png' })
  await page.getByTestId('conn-save').click()
  await page.getByTestId(/connection-connect-/).first().click()
  await expect(page.getByTestId('password-dialog')).toBeVisible()
  await page.locator('#connect-password').fill('bad')
  await page.getByTestId('connect-submit').click()
  await expect(page.getByTestId('password-error')).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/tmp-password.png' })
  await page.keyboard.press('Escape')
  await page.getByTestId('connection-connect-sandbox').click()
  await page.waitForTimeout(1500)
  await page.screenshot({ path: 'test-results/screenshots/tmp-sandbox-connecting.png' })
  await expect(page.getByTestId('session-card')).toHaveAttribute('data-status', 'connected', { timeout: 120_000 })
  await page.screenshot({ path: 'test-results/screenshots/tmp-sandbox.png' })
  await host.stop()
  await sandbox.stop()
})
