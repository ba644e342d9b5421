import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, type Page } from '@playwright/test'
import type { GrantaClient } from '../../main/granta'
import { startHostOnRendererCopy, type HostProcess } from '../helpers/browser-host-process'
import { guardPage, type PageGuard } from './page-guard'
import { dismissToasts, expect, openQueue, rows, serverApi } from './queue-helpers'

/** Habits of Windows apps beyond the keyboard: date presets, a default download folder, "Open folder". */
const screenshots = 'test-results/screenshots'
let host: HostProcess
let guard: PageGuard
let api: GrantaClient | null = null

test.describe.configure({ mode: 'serial' })
// Local midnight is not UTC midnight here: the presets must count days in local time.
test.use({ timezoneId: 'Pacific/Auckland', viewport: { width: 1366, height: 768 } })

test.beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  host = await startHostOnRendererCopy({ sandboxMinRunningMs: 0 })
})
test.afterAll(async () => {
  api?.close()
  await host?.stop()
})
test.beforeEach(async ({ page }) => {
  guard = await guardPage(page)
})
test.afterEach(async () => {
  expect(await guard.problems()).toEqual([])
})

/** How many jobs the server holds that were submitted since the page's local midnight `daysBack` days ago. */
async function submittedSince(page: Page, daysBack: number): Promise<{ since: number; total: number }> {
  api ??= await serverApi(page)
  const from = await page.evaluate((back) => {
    const now = new Date()
    return new Date(now.getFullYear(), now.getMonth(), now.getDate() - back).getTime()
  }, daysBack)
  const { jobs } = await api.listJobs()
  return { since: jobs.filter((j) => Date.parse(j.submissionDate) >= from).length, total: jobs.length }
}

/** Whether the footer counts the jobs submitted since local midnight `daysBack` days ago. */
async function showsJobsSince(page: Page, daysBack: number): Promise<boolean> {
  const { since, total } = await submittedSince(page, daysBack)
  const text = await page.getByTestId('shown-count').textContent()
  return text === (since === total ? `${since} jobs` : `${since} of ${total} jobs shown`)
}

test('date presets: Last 7 days and Today count local days, and live in the route', async ({ page }) => {
  await openQueue(page, host.url, 'admin')
  const dates = page.getByTestId('filter-dates')
  await dates.locator('input').click()
  const week = page.getByTestId('date-preset-7d')
  await expect(week).toBeVisible()
  await expect(page.locator('.p-datepicker-panel [role=group]')).toContainText(
    'TodayLast 24 hoursLast 7 daysLast 30 days'
  )
  await page.screenshot({ path: `${screenshots}/date-presets-1366.png` })
  await week.click()
  await expect(page).toHaveURL(/[?&]within=7d/)
  await expect(page.locator('.p-datepicker-panel')).toHaveCount(0)
  await expect(dates.locator('input')).toHaveAttribute('placeholder', 'Last 7 days')
  await expect.poll(() => showsJobsSince(page, 6)).toBe(true)

  await dates.locator('input').click()
  await page.getByTestId('date-preset-today').click()
  await expect(page).toHaveURL(/[?&]within=today/)
  await expect(dates.locator('input')).toHaveAttribute('placeholder', 'Today')
  await expect.poll(() => showsJobsSince(page, 0)).toBe(true)
  // The seeded queue reaches back six days: Today really leaves jobs out.
  const today = await submittedSince(page, 0)
  expect(today.since).toBeGreaterThan(0)
  expect(today.since).toBeLessThan(today.total)
  // Back restores the week, as with every filter.
  await page.goBack()
  await expect(page).toHaveURL(/[?&]within=7d/)
  await expect(dates.locator('input')).toHaveAttribute('placeholder', 'Last 7 days')
})

test('the default download folder prefills the dialog, and a finished batch opens its folder', async ({ page }) => {
  test.setTimeout(120_000)
  await openQueue(page, host.url, 'admin')
  const folder = mkdtempSync(join(tmpdir(), 'jq-e2e-default-folder-'))

  await page.goto(`${host.url}#/settings`)
  await page.getByTestId('default-folder').fill(folder)
  await page.getByTestId('default-folder-save').click()
  await expect(page.locator('.p-toast-message').filter({ hasText: 'Default folder saved' })).toBeVisible()
  await expect
    .poll(async () => {
      const r = await page.evaluate(() => window.jobqueue.downloads.list())
      return r.ok ? r.value.settings.defaultFolder : null
    })
    .toBe(folder)
  await dismissToasts(page)
  await page.getByTestId('default-folder').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${screenshots}/settings-default-folder-1366.png` })

  await page.goto(`${host.url}#/queue?q=Tensile%20export%201&status=Succeeded`)
  await expect(rows(page)).toHaveCount(1, { timeout: 30_000 })
  await rows(page).first().click()
  await page.getByTestId('bulk-download').click()
  const dialog = page.getByTestId('download-dialog')
  await expect(dialog.getByTestId('download-destination')).toHaveValue(folder)
  await expect(dialog.getByTestId('download-preview-count')).toContainText(`files in ${folder}`)
  await dialog.getByTestId('download-start').click()

  await expect(page).toHaveURL(/#\/downloads$/)
  const batch = page.getByTestId('download-batch').first()
  await expect(batch.getByTestId('batch-summary')).toContainText('Finished', { timeout: 60_000 })
  expect(readdirSync(folder).length).toBeGreaterThan(0)
  await dismissToasts(page)
  await batch.getByTestId('batch-open-folder').click()
  // The browser host cannot open a file manager: main's gate let the batch folder through and says where it is.
  await expect(page.locator('.p-toast-message').filter({ hasText: `Open ${folder}` })).toBeVisible()
  await page.screenshot({ path: `${screenshots}/downloads-open-folder-1366.png` })
})

test('Fix and resubmit on a failed job opens a draft of its request, with what it reported', async ({ page }) => {
  await openQueue(page, host.url, 'admin', { query: '?status=Failed' })
  const failed = rows(page).first()
  const name = (await failed.locator('.col-name').textContent()) ?? ''
  await failed.click({ button: 'right' })
  const menu = page.locator('.p-contextmenu')
  await expect(menu).toBeVisible()
  await page.screenshot({ path: `${screenshots}/row-menu-failed-1366.png` })
  await menu.getByTestId('row-menu-fixAndResubmit').click()
  await expect(page).toHaveURL(/#\/new-job\?draft=/)
  const notice = page.getByTestId('job-errors')
  await expect(notice).toContainText(`${name} failed.`)
  await expect(notice.getByTestId('job-error-line').first()).not.toBeEmpty()
  // Past the message's entrance (it grows and fades in), so the picture shows all of it.
  await expect(notice).toHaveCSS('opacity', '1')
  await expect.poll(async () => (await notice.boundingBox())?.height ?? 0).toBeGreaterThan(60)
  await page.screenshot({ path: `${screenshots}/fix-and-resubmit-draft-1366.png` })
})
