import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { test, type Page } from '@playwright/test'
import type { GrantaClient } from '../../main/granta'
import { startHostOnRendererCopy, type HostProcess } from '../helpers/browser-host-process'
import { guardPage, type PageGuard } from './page-guard'
import { badge, dismissToasts, expect, openQueue, rowNamed, rows, serverApi, textImportData } from './queue-helpers'

/**
 * The queue and the Job view with the keyboard alone (after signing in): Ctrl+F, Enter, F2, Del, Ctrl+A,
 * Shift+F10 and the row menu's arrows. Not one click once the queue shows.
 */
const screenshots = 'test-results/screenshots'
const assets = resolve('assets/sandbox')
let host: HostProcess
let guard: PageGuard
let api: GrantaClient | null = null

test.describe.configure({ mode: 'serial' })
test.use({ timezoneId: 'Europe/Berlin', viewport: { width: 1366, height: 768 } })

test.beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  host = await startHostOnRendererCopy()
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

/** Two jobs held back an hour, so they stay Scheduled (and can be renamed, cancelled, deleted) through the test. */
async function heldJobs(page: Page, prefix: string): Promise<void> {
  api ??= await serverApi(page)
  for (const name of [`${prefix} alpha`, `${prefix} beta`])
    await api.createJob({
      type: 'TextImportJob',
      name,
      description: 'Submitted by the keyboard test',
      scheduledExecutionDate: new Date(Date.now() + 3_600_000).toISOString(),
      template: { path: join(assets, 'text_import_template.xml') },
      data: [{ path: textImportData('Keys', 3) }],
      attachments: []
    })
}

const table = (page: Page) => page.getByTestId('queue-table')

test('open, rename (F2), delete (Del), search (Ctrl+F) and the row menu (Shift+F10), keyboard only', async ({
  page
}) => {
  test.setTimeout(120_000)
  const prefix = `Keys ${Date.now()}`
  await openQueue(page, host.url, 'admin')
  await heldJobs(page, prefix)
  await dismissToasts(page)
  const k = page.keyboard

  // Ctrl+F finds the search box from anywhere; Enter takes the keyboard on to the results.
  await k.press('Control+f')
  await expect(page.getByTestId('filter-text')).toBeFocused()
  await k.type(prefix)
  await k.press('Enter')
  await expect(table(page)).toBeFocused()
  await expect(rows(page)).toHaveCount(2)
  await expect(page).toHaveURL(/[?&]q=Keys/)

  // Ctrl+A selects every row shown; Esc clears.
  await k.press('Control+a')
  await expect(page.getByTestId('selected-count')).toHaveText('2 selected')
  await k.press('Escape')
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0)

  // Enter opens the active row; F2 edits the name; Enter saves; Esc goes back to the table.
  await k.press('Home')
  const first = (await rows(page).first().locator('.col-name').textContent()) ?? ''
  await k.press('Enter')
  await expect(page.getByTestId('job-view')).toBeVisible()
  await expect(page.getByTestId('job-name')).toHaveText(first)
  await k.press('F2')
  await expect(page.getByTestId('job-name-input')).toBeFocused()
  await k.press('Control+a')
  await k.type(`${prefix} renamed`)
  await k.press('Enter')
  await expect(page.getByTestId('job-name')).toHaveText(`${prefix} renamed`)
  await k.press('Escape')
  await expect(page.getByTestId('job-view')).toHaveCount(0)
  await expect(table(page)).toBeFocused()
  await expect(rowNamed(page, `${prefix} renamed`)).toHaveCount(1)

  // F2 on a row opens its Job view with the name being edited; Esc cancels the edit, Esc again goes back.
  await k.press('Home')
  const active = (await rows(page).first().locator('.col-name').textContent()) ?? ''
  await k.press('F2')
  await expect(page.getByTestId('job-name-input')).toBeFocused()
  await expect(page.getByTestId('job-name-input')).toHaveValue(active)
  await k.press('Escape')
  await expect(page.getByTestId('job-name')).toHaveText(active)
  await k.press('Escape')
  await expect(table(page)).toBeFocused()

  // Del on the selected row asks first; Enter confirms.
  await k.press('Home')
  const doomed = (await rows(page).first().locator('.col-name').textContent()) ?? ''
  await k.press('Delete')
  const confirm = page.getByTestId('confirm-dialog')
  await expect(confirm).toBeVisible()
  await expect(confirm).toContainText(doomed)
  await k.press('Enter')
  await expect(rowNamed(page, doomed)).toHaveCount(0)
  await expect(rows(page)).toHaveCount(1)
  await expect(table(page)).toBeFocused()
  const left = (await rows(page).first().locator('.col-name').textContent()) ?? ''

  // Shift+F10 opens the row menu on the active row; the arrows skip what does not apply; Enter picks.
  await k.press('Home')
  await k.press('Shift+F10')
  const menu = page.locator('.p-contextmenu')
  await expect(menu).toBeVisible()
  await expect(menu.locator('[data-testid=row-menu-download]')).toContainText('This job has not produced outputs.')
  await page.screenshot({ path: `${screenshots}/row-menu-keyboard-1366.png` })
  // Open, then Copy to new draft (Download and Resubmit are disabled), then Cancel job.
  await expect(menu.locator('ul')).toBeFocused()
  for (let i = 0; i < 3; i++) await k.press('ArrowDown')
  await expect(menu.locator('li[data-p-focused=true]')).toContainText('Cancel job')
  await k.press('Enter')
  await expect(menu).toHaveCount(0)
  await expect(confirm).toBeVisible()
  await expect(confirm).toContainText(left)
  await k.press('Enter')
  await expect(badge(rowNamed(page, left))).toHaveAttribute('data-status', 'Cancelled', { timeout: 30_000 })

  // The Menu key opens it too; Esc closes it and the table has the keyboard again.
  await expect(table(page)).toBeFocused()
  await k.press('ContextMenu')
  await expect(menu.locator('ul')).toBeFocused()
  await k.press('Escape')
  await expect(menu).toHaveCount(0)
  await expect(table(page)).toBeFocused()
})
