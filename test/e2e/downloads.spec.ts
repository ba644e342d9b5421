import { mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect, type Page } from '@playwright/test'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'
import { guardPage, type PageGuard } from './page-guard'

/** Downloads through the browser host: select finished jobs in the queue, download, watch, find the files on disk. */
const screenshots = 'test-results/screenshots'
let host: HostProcess
let guard: PageGuard

test.beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  host = await startHostProcess()
})
test.afterAll(async () => {
  await host?.stop()
})
test.beforeEach(async ({ page }) => {
  guard = await guardPage(page)
})
test.afterEach(async () => {
  expect(await guard.problems()).toEqual([])
})

async function signIn(page: Page): Promise<void> {
  await page.goto(`${host.url}#/connections`)
  await expect(page.locator('#page-title')).toHaveText('Connections')
  const card = page.getByTestId('connection-sandbox')
  await card.getByTestId('sandbox-user').click()
  await page.getByRole('option', { name: /^admin —/ }).click()
  await card.getByTestId('connection-connect-sandbox').click()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', { timeout: 60_000 })
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile())
}

test('selected finished jobs download into a folder tree, with progress on the Downloads view', async ({ page }) => {
  test.setTimeout(240_000)
  await signIn(page)
  // Slow enough to see a batch in the middle.
  const limited = await page.evaluate(() => window.jobqueue.downloads.setBandwidthLimit({ bytesPerSecond: 16 * 1024 }))
  expect(limited.ok).toBe(true)

  await page.goto(`${host.url}#/queue`)
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-tone', 'live', { timeout: 60_000 })
  // The demo queue runs its seeded jobs at start; wait until they have run.
  await expect(page.getByTestId('count-Running').locator('.n')).toHaveText('0', { timeout: 120_000 })
  await page.goto(`${host.url}#/queue?q=Tensile%20export&status=Succeeded`)
  const rows = page.getByTestId('queue-row')
  await expect(rows).toHaveCount(3, { timeout: 30_000 })
  await rows.nth(0).click()
  await rows.nth(1).click({ modifiers: ['Control'] })
  await rows.nth(2).click({ modifiers: ['Control'] })
  await page.getByTestId('bulk-download').click()
  const dest = mkdtempSync(join(tmpdir(), 'jq-e2e-downloads-'))
  await page.getByTestId('download-destination').fill(dest)
  await page.getByTestId('download-start').click()
  await expect(page.getByText('Download started')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByText('from 3 jobs')).toBeVisible()

  await page.goto(`${host.url}#/downloads`)
  const batch = page.getByTestId('download-batch')
  await expect(batch).toHaveCount(1)
  const items = batch.getByTestId('download-item')
  await expect(items.first()).toBeVisible()
  const count = await items.count()
  expect(count).toBeGreaterThanOrEqual(3)
  // Mid-batch: something done, something not yet.
  await expect(batch.locator('[data-testid=download-item][data-state=done]').first()).toBeVisible({ timeout: 60_000 })
  expect(await batch.locator('[data-testid=download-item]:not([data-state=done])').count()).toBeGreaterThan(0)
  await page.screenshot({ path: `${screenshots}/downloads-mid-batch.png` })

  // Full speed for the rest.
  await page.evaluate(() => window.jobqueue.downloads.setBandwidthLimit({ bytesPerSecond: null }))
  await expect(batch.locator('[data-testid=download-item][data-state=done]')).toHaveCount(count, { timeout: 60_000 })
  await expect(batch.getByTestId('batch-summary')).toContainText('0 remaining')
  await page.screenshot({ path: `${screenshots}/downloads-done.png` })

  const files = filesUnder(dest)
  expect(files.filter((f) => f.endsWith('.part'))).toEqual([])
  expect(files).toHaveLength(count)
  // One folder per job: "<job name> (<short id>)".
  expect(files.every((f) => /^Tensile export \d \([0-9a-f]{8}\)[/\\]/.test(f))).toBe(true)
  expect(files.some((f) => /\.(xlsx|zip)$/.test(f))).toBe(true)

  await page.getByTestId('downloads-clear').click()
  await expect(page.getByTestId('download-batch')).toHaveCount(0)
})
