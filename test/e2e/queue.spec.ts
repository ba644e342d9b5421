import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { test, expect as baseExpect, type Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import type { GrantaClient } from '../../main/granta'
import { startHostOnRendererCopy, type HostProcess } from '../helpers/browser-host-process'
import { guardPage, type PageGuard } from './page-guard'
import {
  badge,
  dismissToasts,
  escapeRegExp,
  expect,
  openJob,
  rowNamed,
  rows,
  serverApi as adminApi,
  textImportData
} from './queue-helpers'

/**
 * The Queue and Job views against the browser host and its built-in Sandbox connection (seeded demo queue).
 * The tests run in order and share one host: later ones rely on the queue having settled.
 */
const screenshots = 'test-results/screenshots'
const assets = resolve('assets/sandbox')
let host: HostProcess
let guard: PageGuard
let api: GrantaClient | null = null

test.describe.configure({ mode: 'serial' })
// Local time differs from UTC here, so the tests see that times are shown local and sent as UTC.
test.use({ timezoneId: 'America/New_York' })
// The machine may be busy (builds in parallel): give the UI time before calling it a failure.

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

/** Signs in to the built-in Sandbox through the Connections view, as the given user. */
async function signIn(page: Page, user: 'admin' | 'reader'): Promise<void> {
  await page.goto(`${host.url}#/connections`)
  await expect(page.locator('#page-title')).toHaveText('Connections')
  const current = await page.evaluate(() => window.jobqueue.session.current())
  if (current.ok && current.value.status === 'connected' && current.value.session?.username === user) return
  if (current.ok && current.value.status === 'connected')
    await page.getByTestId('connection-disconnect-sandbox').click()
  const card = page.getByTestId('connection-sandbox')
  await card.getByTestId('sandbox-user').click()
  await page.getByRole('option', { name: new RegExp(`^${user} —`) }).click()
  await card.getByTestId('connection-connect-sandbox').click()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', { timeout: 30_000 })
}

async function openQueue(page: Page, user: 'admin' | 'reader', query = ''): Promise<void> {
  await signIn(page, user)
  // No "your job finished" notices over the screenshots.
  await page.evaluate(() => window.jobqueue.queue.setSettings({ jobs: 'none', native: false }))
  await page.goto(`${host.url}#/queue${query}`)
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-tone', 'live', { timeout: 30_000 })
  await expect(rows(page).first()).toBeVisible()
}

/** The Server API as another client sees it (one client per file). */
async function serverApi(page: Page): Promise<GrantaClient> {
  return (api ??= await adminApi(page))
}

test('the queue shows the seeded jobs, with counts equal to the metrics endpoint', async ({ page }) => {
  test.setTimeout(180_000)
  await openQueue(page, 'admin')
  // The two seeded jobs due now run shortly after start; wait until only the scheduled ones wait.
  await expect(page.getByTestId('count-Scheduled').locator('.n')).toHaveText('3', { timeout: 110_000 })
  await expect(page.getByTestId('count-Pending').locator('.n')).toHaveText('0', { timeout: 30_000 })
  await expect(page.getByTestId('count-Running').locator('.n')).toHaveText('0', { timeout: 30_000 })
  // Pending first in position order, then the rest, most recent first.
  const first = rows(page).first()
  await expect(badge(first)).toHaveAttribute('data-status', 'Scheduled')
  await expect(first.locator('.col-position')).toHaveText('1')
  await expect(rows(page).nth(3).locator('.col-position')).toHaveText('')

  const metrics = await page.evaluate(() => window.jobqueue.jobs.metrics({ start: '2000-01-01T00:00:00Z' }))
  expect(metrics.ok).toBe(true)
  if (!metrics.ok) return
  const byStatus = (s: string) => metrics.value.jobs.filter((j) => j.status === s).length
  await expect(page.getByTestId('count-total')).toHaveText(String(metrics.value.jobs.length))
  // The chips use the badges' words: the server's Pending is Pending + Scheduled, its Succeeded is Succeeded +
  // Completed with errors (the list is the whole queue here, so no chip says "from N listed").
  const chip = async (s: string) => Number(await page.getByTestId(`count-${s}`).locator('.n').textContent())
  await expect(page.getByTestId('count-hint')).toHaveCount(0)
  await expect.poll(async () => (await chip('Pending')) + (await chip('Scheduled'))).toBe(byStatus('Pending'))
  await expect
    .poll(async () => (await chip('Succeeded')) + (await chip('CompletedWithErrors')))
    .toBe(byStatus('Succeeded'))
  expect(await chip('CompletedWithErrors')).toBeGreaterThan(0)
  for (const s of ['Running', 'Failed', 'Cancelled']) {
    await expect(page.getByTestId(`count-${s}`).locator('.n')).toHaveText(String(byStatus(s)))
  }
  await expect(page.getByTestId('count-Scheduled')).toContainText('Scheduled')
  await expect(page.getByTestId('count-CompletedWithErrors')).toContainText('Completed with errors')
  await expect(page.getByTestId('queue-table')).toHaveAttribute('data-rows', String(metrics.value.jobs.length))
  // The table is virtualised: only the rows on screen are in the page.
  expect(await rows(page).count()).toBeLessThan(metrics.value.jobs.length)
  // Every status shows as a coloured badge with its name.
  await expect(page.locator('[data-testid=status-badge][data-status=Failed]').first()).toHaveText('Failed')
  await expect(page.locator('[data-testid=status-badge][data-status=Cancelled]').first()).toHaveText('Cancelled')
  await dismissToasts(page)
  await page.screenshot({ path: `${screenshots}/queue.png` })
  // The oldest seeded jobs are at the end; the search finds them.
  await page.getByTestId('filter-text').fill('Tensile batch 1 import')
  await expect(rowNamed(page, 'Tensile batch 1 import')).toHaveCount(1)
  await expect(page).toHaveURL(/q=Tensile/)
  await page.getByTestId('filter-clear').click()

  await page.evaluate(() => localStorage.setItem('jobqueue.theme', 'dark'))
  await page.waitForLoadState('networkidle')
  await page.reload()
  await expect(rows(page).first()).toBeVisible()
  await dismissToasts(page)
  await page.screenshot({ path: `${screenshots}/queue-dark.png` })
  await page.evaluate(() => localStorage.removeItem('jobqueue.theme'))
})

test('filters live in the route: Back restores them, and sorting and column widths are remembered', async ({
  page
}) => {
  await openQueue(page, 'admin')
  const all = Number(await page.getByTestId('queue-table').getAttribute('data-rows'))
  await page.getByTestId('count-Failed').click()
  await expect(page).toHaveURL(/status=Failed/)
  const failed = Number(await page.getByTestId('count-Failed').locator('.n').textContent())
  await expect(rows(page)).toHaveCount(failed)
  await page.getByTestId('filter-mine').click()
  await expect(page).toHaveURL(/mine=1/)
  for (const submitter of await rows(page).locator('.col-submitter').allTextContents()) expect(submitter).toBe('admin')
  await page.goBack()
  await expect(page).not.toHaveURL(/mine=1/)
  await expect(rows(page)).toHaveCount(failed)
  await page.goBack()
  await expect(page).not.toHaveURL(/status=/)
  await expect(page.getByTestId('queue-table')).toHaveAttribute('data-rows', String(all))

  // Sort by name, descending; resize the Type column; both survive a reload.
  const header = page.locator('[role=columnheader][data-column=name]')
  await header.getByRole('button').click()
  await header.getByRole('button').click()
  await expect(header).toHaveAttribute('aria-sort', 'descending')
  const handle = page.getByTestId('resize-type')
  const box = await handle.boundingBox()
  if (!box) throw new Error('no resize handle')
  await page.mouse.move(box.x + 4, box.y + 10)
  await page.mouse.down()
  await page.mouse.move(box.x + 84, box.y + 10, { steps: 4 })
  await page.mouse.up()
  const width = async () => (await page.locator('[role=columnheader][data-column=type]').boundingBox())?.width ?? 0
  const widened = await width()
  expect(widened).toBeGreaterThan(150)
  await page.waitForLoadState('networkidle')
  await page.reload()
  await expect(rows(page).first()).toBeVisible()
  await expect(page.locator('[role=columnheader][data-column=name]')).toHaveAttribute('aria-sort', 'descending')
  expect(Math.abs((await width()) - widened)).toBeLessThan(2)
  const names = await rows(page).locator('.col-name').allTextContents()
  expect(names.slice(0, 5)).toEqual(
    [...names.slice(0, 5)].sort((a, b) => b.localeCompare(a, undefined, { numeric: true, sensitivity: 'base' }))
  )
  // Back to the queue order for the next tests.
  await page.evaluate(() => localStorage.removeItem('jobqueue.queue.table'))
})

test('Export… saves the shown jobs as xlsx (the browser host writes into its export folder), and the file reopens', async ({
  page
}) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await openQueue(page, 'admin', '?q=Tensile')
  const shown = Number((await page.getByTestId('shown-count').textContent())?.match(/\d+/)?.[0])
  expect(shown).toBeGreaterThan(0)
  await dismissToasts(page)
  // The toolbar stays one row with a filter set: Clear filters sits beside the search.
  // Polled: the toolbar is laid out again after the resize, later on a loaded machine.
  await expect
    .poll(async () => {
      const clear = await page.getByTestId('filter-clear').boundingBox()
      const search = await page.getByTestId('filter-text').boundingBox()
      return Math.abs((clear?.y ?? 0) - (search?.y ?? 100))
    })
    .toBeLessThan(8)
  await page.getByTestId('queue-export').focus()
  await page.keyboard.press('Enter')
  const menu = page.getByTestId('queue-export-menu')
  await expect(menu.getByRole('menuitem')).toHaveCount(2)
  await page.screenshot({ path: `${screenshots}/queue-export-menu-1366.png` })
  await menu.getByRole('menuitem', { name: /Excel workbook/ }).click()
  const done = page.getByTestId('queue-export-done')
  await expect(done).toContainText(`${shown} jobs saved to`)
  const path = (await page.getByTestId('queue-export-path').textContent()) ?? ''
  expect(path.startsWith(join(host.dataDir, 'exports'))).toBe(true)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(path)
  const sheet = wb.worksheets[0]
  expect(sheet?.rowCount).toBe(shown + 1)
  expect(sheet?.getRow(2).getCell(2).text).toContain('Tensile')
  await done.getByRole('button', { name: 'Show in folder' }).click()
  await expect(done).toBeHidden()
  // The Job view's timeline, at the same size.
  await rows(page).first().getByTestId('open-job').click()
  await expect(page.getByTestId('job-timeline').locator('li')).not.toHaveCount(0)
  await dismissToasts(page)
  await page.screenshot({ path: `${screenshots}/job-timeline-1366.png` })
})

test('a job submitted through the API appears and goes Pending → Running → Succeeded without a reload', async ({
  page
}) => {
  test.setTimeout(180_000)
  await openQueue(page, 'admin')
  const client = await serverApi(page)
  const template = { path: join(assets, 'text_import_template.xml') }
  // Held back by a schedule an hour ahead, the job waits in the queue: server status Pending, shown as Scheduled.
  // A schedule makes the wait deterministic; the built-in sandbox keeps a job Running for at least 3 s.
  const job = await client.createJob({
    type: 'TextImportJob',
    name: 'E2E live job',
    description: 'Submitted by the Playwright test',
    scheduledExecutionDate: new Date(Date.now() + 3_600_000).toISOString(),
    template,
    data: [{ path: textImportData('Live', 600) }],
    attachments: []
  })
  const row = rowNamed(page, 'E2E live job')
  await expect(row).toHaveCount(1, { timeout: 20_000 })
  await expect(row).toHaveAttribute('data-job-id', job.id)
  await expect(badge(row)).toHaveAttribute('data-status', 'Scheduled')
  await row.getByTestId('open-job').click({ force: true })
  // Details say the badge's word; the server's own word is the tooltip.
  await expect(page.getByTestId('field-status')).toHaveText('Scheduled')
  await expect(page.getByTestId('field-status')).toHaveAttribute('title', 'Server status: Pending')
  await expect(page.getByTestId('field-position')).not.toHaveText('—')
  await page.getByTestId('job-back').click()
  // Lift the schedule: it runs now.
  await client.updateJob(job.id, { scheduledExecutionDate: null })
  await expect(badge(row)).toHaveAttribute('data-status', 'Running', { timeout: 90_000 })
  await expect(badge(row)).toHaveAttribute('data-status', 'Succeeded', { timeout: 90_000 })
  await expect(badge(row)).toHaveText('Succeeded')
  expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1)
})

test('as admin: rename, reschedule, move to top, cancel, resubmit and delete', async ({ page }) => {
  test.setTimeout(120_000)
  await openQueue(page, 'admin')
  const notify = page.locator('.p-toast-message')

  // Rename, inline.
  await openJob(page, 'Tensile batch 9 import (scheduled in 7 days)')
  await page.getByTestId('job-name-edit').click()
  await page.getByTestId('job-name-input').fill('Tensile batch 9, renamed')
  await page.getByTestId('job-name-input').press('Enter')
  await expect(page.getByTestId('job-name')).toHaveText('Tensile batch 9, renamed')
  await expect(notify.filter({ hasText: 'Job renamed' })).toBeVisible()

  // Description, inline.
  await page.getByTestId('job-description-edit').click()
  await page.getByTestId('job-description-input').fill('Edited in the job view')
  await page.getByTestId('job-description-save').click()
  await expect(page.getByTestId('job-description')).toHaveText('Edited in the job view')

  // Reschedule: a local date and time, shown back in local time with the UTC time on hover.
  await page.getByTestId('action-reschedule').click()
  const when = new Date(Date.now() + 20 * 24 * 3_600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  const local = `${when.getFullYear()}-${p(when.getMonth() + 1)}-${p(when.getDate())} 09:30`
  await page.getByTestId('reschedule-input').fill(local.replace(' ', 'T'))
  const expectedUtc = await page.evaluate((text) => {
    const [d, t] = text.split(' ')
    const [y, m, day] = (d ?? '').split('-').map(Number)
    const [h, min] = (t ?? '').split(':').map(Number)
    return new Date(y ?? 0, (m ?? 1) - 1, day, h, min).toISOString().slice(0, 16).replace('T', ' ')
  }, local)
  await expect(page.getByTestId('reschedule-utc')).toContainText(expectedUtc)
  await page.getByTestId('reschedule-save').click()
  await expect(page.getByTestId('field-scheduled')).toHaveAttribute(
    'title',
    new RegExp(`^${escapeRegExp(expectedUtc)}:00 UTC$`),
    { timeout: 20_000 }
  )

  // Move to top (admins).
  await expect(page.getByTestId('field-position')).not.toHaveText('1')
  await page.getByTestId('action-move-to-top').click()
  await expect(page.getByTestId('field-position')).toHaveText('1', { timeout: 20_000 })

  // Cancel (Pending), after confirming.
  await page.getByTestId('action-cancel').click()
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('job-view').getByTestId('status-badge')).toHaveAttribute('data-status', 'Cancelled', {
    timeout: 20_000
  })
  await expect(page.getByTestId('action-cancel')).toHaveCount(0)

  // Resubmit: a new Pending copy appears in the queue.
  await page.getByTestId('action-resubmit').click()
  await expect(notify.filter({ hasText: 'Resubmitted' })).toBeVisible()
  await page.getByTestId('job-back').click()
  await page.getByTestId('filter-text').fill('Tensile batch 9, renamed')
  await expect(page).toHaveURL(/[?&]q=Tensile/)
  await expect(rowNamed(page, 'Tensile batch 9, renamed')).toHaveCount(2, { timeout: 20_000 })

  // Delete the cancelled one, after confirming; it leaves the queue.
  const cancelled = rowNamed(page, 'Tensile batch 9, renamed').filter({ has: page.locator('[data-status=Cancelled]') })
  // Wait for the copy to finish, so the rows stop moving under the pointer.
  await expect(
    rowNamed(page, 'Tensile batch 9, renamed').filter({ has: page.locator('[data-status=Succeeded]') })
  ).toHaveCount(1, { timeout: 30_000 })
  const id = await cancelled.getAttribute('data-job-id')
  await expect(async () => {
    await cancelled.getByTestId('open-job').click({ force: true })
    await baseExpect(page.getByTestId('job-view')).toHaveAttribute('data-job-id', id ?? '', { timeout: 2_000 })
  }).toPass({ timeout: 20_000 })
  await page.getByTestId('action-delete').click()
  await expect(page.getByTestId('confirm-dialog')).toContainText('cannot be undone')
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('job-view')).toHaveCount(0)
  await expect(page.locator(`[data-testid=queue-row][data-job-id="${id}"]`)).toHaveCount(0, { timeout: 20_000 })
  await expect(rowNamed(page, 'Tensile batch 9, renamed')).toHaveCount(1)

  // Bulk: select two finished jobs with Ctrl, delete them together.
  await page.getByTestId('filter-text').fill('Export for supplier')
  await expect(rows(page)).toHaveCount(3)
  await rows(page).nth(0).click()
  await rows(page)
    .nth(1)
    .click({ modifiers: ['Control'] })
  await expect(page.getByTestId('selected-count')).toHaveText('2 selected')
  await page.getByTestId('bulk-delete').click()
  await page.getByTestId('confirm-ok').click()
  await expect(rows(page)).toHaveCount(1, { timeout: 20_000 })
})

test('a reader sees the write actions disabled, with what they need, and may copy a job to a draft', async ({
  page
}) => {
  await openQueue(page, 'reader')
  await openJob(page, 'Tensile batch 1 import')
  await expect(page.getByTestId('job-read-only')).toContainText('read-only')
  const actions = page.getByTestId('job-actions')
  await expect(actions.getByRole('button', { disabled: true })).not.toHaveCount(0)
  await expect(page.getByTestId('action-delete')).toBeDisabled()
  await expect(page.getByTestId('action-delete-wrap')).toHaveAttribute('data-reason', 'Needs write access')
  await page.getByTestId('action-delete-wrap').hover()
  await expect(page.locator('.p-tooltip')).toHaveText('Needs write access')
  await expect(page.getByTestId('action-copy-draft')).toBeEnabled()
  await expect(page.getByTestId('job-name-edit')).toBeDisabled()
  await expect(page.getByTestId('job-description-edit')).toBeDisabled()
  await page.getByTestId('job-back').click()
  await page.getByTestId('filter-text').fill('')
  await rows(page).first().click()
  await expect(page.getByTestId('bulk-bar')).toBeVisible()
  await expect(page.getByTestId('bulk-delete')).toBeDisabled()
  await expect(page.getByTestId('bulk-resubmit')).toBeDisabled()
})

test('the log viewer finds an ERROR line in a failed job', async ({ page }) => {
  // An import whose summary says it did not finish: shown as "Completed with errors".
  await openQueue(page, 'admin', '?status=CompletedWithErrors&type=ExcelImportJob')
  await expect(badge(rows(page).first())).toHaveText('Completed with errors')
  await rows(page).first().getByTestId('open-job').click({ force: true })
  await expect(page.getByTestId('job-view').getByTestId('status-badge')).toHaveAttribute(
    'data-status',
    'CompletedWithErrors'
  )
  await expect(page.getByTestId('summary-result')).toHaveText('Completed with errors')
  await expect(page.getByTestId('field-status')).toHaveText('Completed with errors')
  const viewer = page.getByTestId('log-viewer')
  await expect(viewer.getByTestId('log-line').first()).toBeVisible()
  await viewer.getByTestId('log-next-error').click()
  const current = viewer.locator('[data-testid=log-line].current')
  await expect(current).toHaveAttribute('data-level', 'error')
  await expect(current).toContainText('ERROR')
  // Search finds it too, and marks the words found.
  await viewer.getByTestId('log-search').fill('error')
  await viewer.getByTestId('log-search').press('Enter')
  await expect(viewer.locator('[data-testid=log-line].current mark').first()).toHaveText(/error/i)
  await expect(viewer.getByTestId('log-match-counter')).toHaveText(/^match 1 of \d+$/)
  await viewer.getByTestId('log-search').press('Enter')
  await expect(viewer.getByTestId('log-match-counter')).toHaveText(/^match 2 of \d+$/)
  await expect(viewer.getByTestId('log-error-count')).toHaveText(/^\d+ errors?$/)
  // The error line is never cut: it wraps inside the viewer's width, wrap toggle off or on.
  const errorLine = viewer.locator('[data-testid=log-line][data-level=error]').first()
  expect(await errorLine.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true)
  await page.setViewportSize({ width: 1280, height: 1240 })
  await dismissToasts(page)
  await page.screenshot({ path: `${screenshots}/job-failed-import.png` })
  await page.setViewportSize({ width: 1280, height: 800 })

  // A job that failed outright.
  await page.getByTestId('job-back').click()
  await page.getByTestId('filter-clear').click()
  await page.getByTestId('count-Failed').click()
  await expect(badge(rows(page).first())).toHaveAttribute('data-status', 'Failed')
  await rows(page).first().getByTestId('open-job').click({ force: true })
  await expect(page.getByTestId('job-view').getByTestId('status-badge')).toHaveText('Failed')
  await page.getByTestId('log-viewer').getByTestId('log-next-error').click()
  await expect(page.getByTestId('log-viewer').locator('[data-testid=log-line].current')).toContainText('ERROR')
})
