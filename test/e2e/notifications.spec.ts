import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { test, type Page } from '@playwright/test'
import type { GrantaClient } from '../../main/granta'
import { startHostOnRendererCopy, type HostProcess } from '../helpers/browser-host-process'
import { guardPage, type PageGuard } from './page-guard'
import { badge, dismissToasts, expect, openQueue, rowNamed, rows, serverApi, textImportData } from './queue-helpers'

/**
 * Calm notifications: my jobs finishing together make one grouped notice in the top bar, which covers no queue
 * data at 1366×768; the bell lists each job, and "Open job" opens its view.
 */
const screenshots = 'test-results/screenshots'
const assets = resolve('assets/sandbox')
let host: HostProcess
let guard: PageGuard
let api: GrantaClient | null = null

test.use({ viewport: { width: 1366, height: 768 } })

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

/** Held back an hour, so the monitor has seen it unfinished before it runs. */
async function heldJob(client: GrantaClient, name: string): Promise<string> {
  const job = await client.createJob({
    type: 'TextImportJob',
    name,
    description: 'Submitted by the Playwright test, as the signed-in user',
    scheduledExecutionDate: new Date(Date.now() + 3_600_000).toISOString(),
    template: { path: join(assets, 'text_import_template.xml') },
    data: [{ path: textImportData('Notify', 3) }],
    attachments: []
  })
  return job.id
}

/** Nothing runs or waits to run now (jobs held back for later do not count). */
async function idleQueue(client: GrantaClient): Promise<boolean> {
  const [running, pending] = await Promise.all([
    client.listJobs({ status: 'Running' }),
    client.listJobs({ status: 'Pending' })
  ])
  const now = Date.now()
  const due = pending.jobs.filter((j) => !j.scheduledExecutionDate || Date.parse(j.scheduledExecutionDate) <= now)
  return running.jobs.length === 0 && due.length === 0
}

/** True when the grouped notice's box overlaps no cell of the queue table. */
async function coversNoCell(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const notice = document.querySelector('[data-testid="finished-toast"]')?.getBoundingClientRect()
    if (!notice) return false
    const cells = [...document.querySelectorAll('[data-testid="queue-row"] > *')].map((c) => c.getBoundingClientRect())
    return cells.every(
      (c) => c.right <= notice.left || c.left >= notice.right || c.bottom <= notice.top || c.top >= notice.bottom
    )
  })
}

test('my jobs finishing together make one notice over no data; the bell lists them and opens a job', async ({
  page
}) => {
  test.setTimeout(150_000)
  await openQueue(page, host.url, 'admin', { notify: true })
  api ??= await serverApi(page)
  const client = api
  // The seeded demo jobs (admin's too) run first, one at a time: let them end so that ours run back to back.
  await expect.poll(async () => await idleQueue(client), { timeout: 90_000, intervals: [1_000] }).toBe(true)
  await dismissToasts(page)
  if (await page.getByTestId('finished-toast').count()) await page.getByTestId('finished-toast-dismiss').click()
  // What the demo jobs said is marked read, from the keyboard.
  const bell = page.getByTestId('notification-bell')
  const centre = page.getByTestId('notification-centre')
  if (await page.getByTestId('notification-count').count()) {
    await bell.focus()
    await page.keyboard.press('Enter')
    await centre.getByTestId('notifications-mark-read').click()
    await page.keyboard.press('Escape')
    await expect(centre).toBeHidden()
  }
  await expect(bell).toHaveAccessibleName('Notifications')
  const stamp = Date.now()
  const names = [`Grouped A ${stamp}`, `Grouped B ${stamp}`, `Grouped C ${stamp}`]
  const ids = await Promise.all(names.map((n) => heldJob(client, n)))
  for (const n of names) {
    await expect(badge(rowNamed(page, n))).toHaveAttribute('data-status', 'Scheduled', { timeout: 30_000 })
  }
  await dismissToasts(page)

  // Two run now, one is cancelled: all three end within a few seconds of each other.
  await Promise.all([
    client.updateJob(ids[0] ?? '', { scheduledExecutionDate: null }),
    client.updateJob(ids[1] ?? '', { scheduledExecutionDate: null }),
    client.cancelJob(ids[2] ?? '')
  ])
  const notice = page.getByTestId('finished-toast')
  await expect(page.getByTestId('finished-toast-title')).toHaveText('3 jobs finished, 1 cancelled', {
    timeout: 60_000
  })
  await expect(notice).toHaveCount(1)
  await expect(page.locator('.p-toast-message').filter({ hasText: 'Grouped' })).toHaveCount(0)
  await expect(rows(page).first()).toBeVisible()
  expect(await coversNoCell(page)).toBe(true)
  await page.emulateMedia({ colorScheme: 'light' })
  await page.screenshot({ path: `${screenshots}/notifications-grouped-1366-light.png` })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: `${screenshots}/notifications-grouped-1366-dark.png` })

  // The bell counts them, and lists them newest first.
  await expect(bell).toHaveAccessibleName('Notifications, 3 unread')
  await bell.focus()
  await page.keyboard.press('Enter')
  await expect(centre).toBeVisible()
  const ours = centre.getByTestId('notification-job').filter({ hasText: String(stamp) })
  await expect(ours).toHaveCount(3)
  await expect(centre.locator('[data-testid="notification-job"][data-read="false"]')).toHaveCount(3)
  await page.screenshot({ path: `${screenshots}/notifications-centre-1366-dark.png` })
  await page.emulateMedia({ colorScheme: 'light' })
  await page.screenshot({ path: `${screenshots}/notifications-centre-1366-light.png` })

  // The notice dismisses itself.
  await expect(notice).toHaveCount(0, { timeout: 20_000 })

  const entry = centre.getByTestId('notification-job').filter({ hasText: names[0] })
  await entry.getByRole('button', { name: `Open job ${names[0]}: Succeeded` }).click()
  await expect(page).toHaveURL(new RegExp(`#/queue\\?(.*&)?job=${ids[0]}`))
  await expect(page.getByTestId('job-view')).toHaveAttribute('data-job-id', ids[0] ?? '')
  await expect(page.getByTestId('job-name')).toHaveText(names[0] ?? '')
})

test('a single finished job of mine, on another page, is named with its status and opens its view', async ({
  page
}) => {
  test.setTimeout(120_000)
  await openQueue(page, host.url, 'admin', { notify: true })
  api ??= await serverApi(page)
  const name = `Notify me ${Date.now()}`
  const id = await heldJob(api, name)
  await expect(badge(rowNamed(page, name))).toHaveAttribute('data-status', 'Scheduled', { timeout: 30_000 })
  await page.getByTestId('nav-downloads').click()
  await expect(page.locator('#page-title')).toHaveText('Downloads')
  await api.updateJob(id, { scheduledExecutionDate: null })
  await expect(page.getByTestId('finished-toast-title')).toHaveText(`${name}: Succeeded`, { timeout: 60_000 })
  await page.getByTestId('finished-toast-open').click()
  await expect(page.getByTestId('finished-toast')).toHaveCount(0)
  await expect(page).toHaveURL(new RegExp(`#/queue\\?(.*&)?job=${id}`))
  await expect(page.getByTestId('job-view').getByTestId('status-badge')).toHaveAttribute('data-status', 'Succeeded')
})
