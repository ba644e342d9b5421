import { mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect as baseExpect, type Page } from '@playwright/test'
import type { GrantaClient } from '../../main/granta'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'
import { guardPage, type PageGuard } from './page-guard'
import { serverApi as adminApi } from './queue-helpers'

/** Downloads through the browser host: select finished jobs in the queue, download, watch, find the files on disk. */
const screenshots = 'test-results/screenshots'
// The machine may be busy (builds in parallel): give the UI time before calling it a failure.
const expect = baseExpect.configure({ timeout: 20_000 })
let host: HostProcess
let guard: PageGuard
let server: GrantaClient | null = null

test.beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  host = await startHostProcess({ sandboxMinRunningMs: 0 })
})
test.afterAll(async () => {
  server?.close()
  await host?.stop()
})
test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 860 })
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

/** The Server API as another client sees it (one client per file). */
async function serverApi(page: Page): Promise<GrantaClient> {
  return (server ??= await adminApi(page))
}

async function serverSize(api: GrantaClient, jobId: string, fileName: string): Promise<number | null> {
  const out = await api.openOutput(jobId, fileName, {})
  out.stream.on('error', () => {})
  out.stream.destroy()
  return out.totalBytes ?? out.contentLength
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.replace(/\\/g, '/'))
    .sort()
}

test('selected finished jobs download into a folder tree, with progress on the Downloads view', async ({ page }) => {
  test.setTimeout(300_000)
  await signIn(page)

  // Nothing yet: the view explains where downloads start. Two files at a time, set here.
  await page.goto(`${host.url}#/downloads`)
  await expect(page.getByText('No downloads yet')).toBeVisible()
  await expect(page.getByTestId('downloads-go-queue')).toBeVisible()
  const concurrency = page.locator('#downloads-concurrency')
  await concurrency.fill('2')
  await concurrency.press('Tab')
  await expect
    .poll(async () => {
      const r = await page.evaluate(() => window.jobqueue.downloads.list())
      return r.ok ? r.value.settings.concurrency : null
    })
    .toBe(2)
  // The speed limit: off at first; on, it starts at 10 MB/s; a typed limit is what main keeps.
  const mainLimit = async () => {
    const r = await page.evaluate(() => window.jobqueue.downloads.list())
    return r.ok ? r.value.settings.bandwidthLimit : 'error'
  }
  const limitBox = page.locator('#downloads-limit')
  await expect(page.getByTestId('downloads-speed-limit')).toHaveAttribute('data-limit', 'off')
  await expect(limitBox).toBeDisabled()
  await page.getByText('Limit speed', { exact: true }).click()
  await expect.poll(mainLimit).toBe(10 * 1024 * 1024)
  await expect(limitBox).toHaveValue('10 MB/s')
  await limitBox.fill('2.5')
  await limitBox.press('Tab')
  await expect.poll(mainLimit).toBe(2.5 * 1024 * 1024)
  await expect(limitBox).toHaveValue('2.5 MB/s')
  // Remembered: a reload shows what main kept.
  await page.reload()
  await expect(page.getByTestId('downloads-speed-limit')).toHaveAttribute('data-limit', String(2.5 * 1024 * 1024))
  await expect(page.locator('#downloads-limit-on')).toBeChecked()
  await expect(limitBox).toHaveValue('2.5 MB/s')
  await page.screenshot({ path: `${screenshots}/downloads-empty.png` })
  // Slow enough to see a batch in the middle: the least main allows, below what the box offers.
  const limited = await page.evaluate(() => window.jobqueue.downloads.setBandwidthLimit({ bytesPerSecond: 16 * 1024 }))
  expect(limited.ok).toBe(true)

  // The three seeded "Tensile export" jobs that succeeded (a fourth may still be running).
  await page.goto(`${host.url}#/queue?q=Tensile%20export&status=Succeeded`)
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-tone', 'live', { timeout: 60_000 })
  const rows = page.getByTestId('queue-row')
  await expect(rows).toHaveCount(3, { timeout: 60_000 })
  // The filter alone is enough to download everything it shows.
  await expect(page.getByTestId('download-shown')).toHaveText('Download all (3)')
  await page.getByTestId('download-shown').click()
  await expect(page.getByTestId('download-dialog').getByTestId('download-what')).toHaveText(
    'Every output file of 3 jobs'
  )
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('download-dialog')).toHaveCount(0)
  await rows.nth(0).click()
  await rows.nth(1).click({ modifiers: ['Control'] })
  await rows.nth(2).click({ modifiers: ['Control'] })
  await expect(page.getByTestId('selected-count')).toHaveText('3 selected')
  await page.screenshot({ path: `${screenshots}/downloads-selection.png` })
  await page.getByTestId('bulk-download').click({ timeout: 20_000 })

  // The dialog: folder, layout, collisions, and a preview of the paths.
  const dialog = page.getByTestId('download-dialog')
  await expect(dialog.getByTestId('download-what')).toHaveText('Every output file of 3 jobs')
  await expect(dialog.getByTestId('download-template')).toHaveValue('{jobName} ({jobIdShort})/{fileName}')
  const dest = mkdtempSync(join(tmpdir(), 'jq-e2e-downloads-'))
  await dialog.getByTestId('download-destination').fill(dest)
  await expect(dialog.getByTestId('download-preview-count')).toContainText(`files in ${dest}`)
  const previewed = await dialog.locator('.paths li .path').allInnerTexts()
  expect(previewed.length).toBeGreaterThanOrEqual(3)
  expect(previewed.every((p) => /^Tensile export \d \([0-9a-f]{8}\)\//.test(p))).toBe(true)
  await dialog.getByTestId('download-collision').getByText('Keep both').click()
  await page.screenshot({ path: `${screenshots}/downloads-dialog.png` })
  await dialog.getByTestId('download-start').click()

  // Start opens the Downloads view with the new batch.
  await expect(page).toHaveURL(/#\/downloads$/)
  const batch = page.getByTestId('download-batch')
  await expect(batch).toHaveCount(1)
  await expect(batch.locator('h2')).toHaveText(/^3 jobs · \d+ files$/)
  const items = batch.getByTestId('download-item')
  await expect(items.first()).toBeVisible()
  const count = previewed.length
  await expect(items).toHaveCount(Math.min(count, 8))

  // Mid-batch: something done, something downloading, something waiting (two at a time).
  await expect
    .poll(() => batch.locator('[data-testid=download-item][data-state=done]').count(), { timeout: 90_000 })
    .toBeGreaterThanOrEqual(2)
  await expect(batch.locator('[data-testid=download-item][data-state=active]').first()).toBeVisible()
  expect(await batch.locator('[data-testid=download-item]:not([data-state=done])').count()).toBeGreaterThan(0)
  await expect(batch.getByTestId('batch-summary')).toContainText(/\d+ done.*\d+ failed.*\d+ remaining/)
  await expect(batch.getByTestId('batch-summary')).toContainText(/KB\/s|B\/s/)
  await page.screenshot({ path: `${screenshots}/downloads.png` })

  // Pause all, then resume all.
  await page.getByTestId('downloads-pause-all').click()
  await expect(batch.locator('[data-testid=download-item][data-state=paused]').first()).toBeVisible()
  await expect(batch.locator('[data-testid=download-item][data-state=active]')).toHaveCount(0)
  await expect(page.getByTestId('downloads-total')).toContainText('Paused')
  await page.getByTestId('downloads-resume-all').click()
  await expect(batch.locator('[data-testid=download-item][data-state=paused]')).toHaveCount(0)

  // The view says the speed is limited, and to what; turning the limit off gives full speed for the rest.
  await expect(page.getByTestId('downloads-limited')).toHaveText('limited to 16 KB/s')
  await page.locator('#downloads-limit-on').uncheck()
  await expect.poll(mainLimit).toBeNull()
  await expect(page.getByTestId('downloads-speed-limit')).toHaveAttribute('data-limit', 'off')
  await expect(batch.getByTestId('batch-summary')).toContainText(`${count} done`, { timeout: 90_000 })
  await expect(batch.getByTestId('batch-summary')).toContainText('0 remaining')
  await expect(batch.getByTestId('batch-summary')).toContainText('Finished')
  await page.screenshot({ path: `${screenshots}/downloads-done.png` })

  // On disk: one folder per job, every file complete, the size the server reports.
  const files = filesUnder(dest)
  expect(files.filter((f) => f.endsWith('.part'))).toEqual([])
  expect(files).toEqual([...previewed].sort())
  const api = await serverApi(page)
  const jobs = (await api.listJobs({ nameFilter: 'Tensile export', status: 'Succeeded' })).jobs
  expect(jobs).toHaveLength(3)
  let compared = 0
  for (const job of jobs) {
    const folder = `${job.name} (${job.id.replace(/-/g, '').slice(0, 8)})`
    for (const name of (await api.outputNames(job.id)).names) {
      const local = statSync(join(dest, folder, name)).size
      expect(local, `${folder}/${name}`).toBe(await serverSize(api, job.id, name))
      compared++
    }
  }
  expect(compared).toBe(count)

  // Clear completed: the list is empty again; the files stay.
  await page.getByTestId('downloads-clear').click()
  await expect(page.getByTestId('download-batch')).toHaveCount(0)
  await expect(page.getByText('No downloads yet')).toBeVisible()
  expect(filesUnder(dest)).toHaveLength(count)
})
