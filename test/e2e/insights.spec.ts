import { mkdirSync } from 'node:fs'
import { test, type Page } from '@playwright/test'
import type { Job } from '../../common/domain'
import type { GrantaClient } from '../../main/granta'
import { startHostOnRendererCopy, type HostProcess } from '../helpers/browser-host-process'
import { countBy, lastWeek, perDay, shownStatus, typeWord } from './insights-expected'
import { demoQueueSize } from '../../main/sandbox/seed'
import { guardPage, type PageGuard } from './page-guard'
import { expect, openQueue, rows, serverApi } from './queue-helpers'

/** Insights over the seeded Sandbox: every table against the server's own list, a bar to the queue, screenshots. */
const screenshots = 'test-results/screenshots'
const timeZone = 'Asia/Kolkata'
let host: HostProcess
let guard: PageGuard
let api: GrantaClient | null = null

test.describe.configure({ mode: 'serial' })
test.use({ timezoneId: timeZone, viewport: { width: 1366, height: 768 } })

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

/** A table view as header → column of cells, and its row headers. */
async function readTable(page: Page, id: string): Promise<{ rows: string[]; cols: Record<string, string[]> }> {
  const card = page.getByTestId(`chart-${id}`)
  if (await card.getByTestId('chart-region').isVisible())
    await card.getByTestId(`view-${id}`).getByText('Table').click()
  const table = card.getByTestId(`table-${id}`)
  await expect(table).toBeVisible()
  return table.evaluate((t) => {
    const heads = [...t.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '')
    const body = [...t.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')
    )
    const cols: Record<string, string[]> = {}
    heads.slice(1).forEach((h, i) => (cols[h] = body.map((r) => r[i + 1] ?? '')))
    return { rows: body.map((r) => r[0] ?? ''), cols }
  })
}
const numbers = (cells: string[] | undefined) => (cells ?? []).map(Number)
const fromEntries = (t: { rows: string[]; cols: Record<string, string[]> }, col: string) =>
  Object.fromEntries(t.rows.map((r, i) => [r, Number(t.cols[col]?.[i])]))

async function serverJobs(page: Page): Promise<Job[]> {
  api ??= await serverApi(page)
  return (await api.listJobs({ pageSize: 1000 })).jobs
}

/** Waits until the sandbox has run its demo history (half a minute; longer on a loaded machine) and its queued jobs. */
async function seeded(page: Page): Promise<void> {
  await expect(async () => {
    const jobs = await serverJobs(page)
    const now = Date.now()
    expect(jobs.length).toBeGreaterThanOrEqual(demoQueueSize)
    const due = jobs.filter(
      (j) => j.status === 'Running' || (j.status === 'Pending' && shownStatus(j, now) === 'Pending')
    )
    expect(due.map((j) => j.name)).toEqual([])
  }).toPass({ timeout: 150_000, intervals: [1000] })
}

/** Reloads Insights until its tables agree with the server's list (the history follows the queue's polls). */
async function checkTables(page: Page): Promise<Job[]> {
  let jobs: Job[] = []
  await expect(async () => {
    await page.getByTestId('insights-refresh').click()
    await expect(page.getByTestId('insights-view')).toHaveAttribute('aria-busy', 'false')
    jobs = await serverJobs(page)
    const now = Date.now()
    const days = lastWeek(now, timeZone)
    const week = jobs.filter((j) =>
      days.includes(new Intl.DateTimeFormat('en-CA', { timeZone }).format(Date.parse(j.submissionDate)))
    )

    const byStatus = await readTable(page, 'per-day-status')
    expect(byStatus.rows).toHaveLength(7)
    const status = perDay(week, days, timeZone, (j) => shownStatus(j, now))
    for (const [word, counts] of Object.entries(status)) expect(numbers(byStatus.cols[word]), word).toEqual(counts)
    expect(
      Object.keys(byStatus.cols)
        .filter((c) => c !== 'Total')
        .sort()
    ).toEqual(Object.keys(status).sort())

    const byType = await readTable(page, 'per-day-type')
    const type = perDay(week, days, timeZone, typeWord)
    expect(Object.fromEntries(Object.keys(type).map((k) => [k, numbers(byType.cols[k])]))).toEqual(type)

    const started = week.filter((j) => j.executionDate)
    const wait = await readTable(page, 'wait')
    const waitTotals = Object.fromEntries(
      Object.entries(wait.cols)
        .filter(([k]) => k !== 'Total')
        .map(([k, v]) => [k, numbers(v).reduce((a, b) => a + b, 0)])
    )
    expect(waitTotals).toEqual(countBy(started, typeWord))
    const ran = started.filter((j) => j.completionDate)
    const run = await readTable(page, 'run')
    const runTotals = Object.fromEntries(
      Object.entries(run.cols)
        .filter(([k]) => k !== 'Total')
        .map(([k, v]) => [k, numbers(v).reduce((a, b) => a + b, 0)])
    )
    expect(runTotals).toEqual(countBy(ran, typeWord))

    const failures = await readTable(page, 'failures')
    const failed = countBy(
      week.filter((j) => j.status === 'Failed'),
      typeWord
    )
    const withErrors = countBy(
      week.filter((j) => shownStatus(j, now) === 'Completed with errors'),
      typeWord
    )
    for (const t of failures.rows) {
      expect(fromEntries(failures, 'Failed')[t], `${t} failed`).toBe(failed[t] ?? 0)
      expect(fromEntries(failures, 'Completed with errors')[t], `${t} with errors`).toBe(withErrors[t] ?? 0)
    }
    expect(failures.rows.sort()).toEqual(Object.keys(countBy(week, typeWord)).sort())

    const submitters = await readTable(page, 'submitters')
    expect(fromEntries(submitters, 'Jobs')).toEqual(countBy(week, (j) => j.submitterName))

    const waiting = jobs.filter((j) => j.status === 'Pending' || j.status === 'Running')
    const backlog = page.getByTestId('chart-backlog')
    if (waiting.length === 0) await expect(backlog).toContainText('Nothing is pending or running')
    else expect((await readTable(page, 'backlog')).rows.length).toBe(waiting.length)
  }).toPass({ timeout: 30_000, intervals: [500, 1000] })
  return jobs
}

test('Insights shows the history of the seeded queue, table by table, and a bar opens the filtered queue', async ({
  page
}) => {
  test.setTimeout(240_000)
  await openQueue(page, host.url, 'admin')
  // The tables are compared with the server's list once that list holds still.
  await seeded(page)
  await page.getByTestId('nav-insights').click()
  await expect(page.locator('#page-title')).toHaveText('Insights')
  const chart = page.getByTestId('chart-per-day-status').getByTestId('chart-region')
  await expect(chart).toBeVisible()
  await expect(chart).toHaveAttribute('aria-label', /Jobs submitted per day over the last 7 days/)

  const jobs = await checkTables(page)
  await page.getByTestId('chart-per-day-status').getByTestId('view-per-day-status').getByText('Chart').click()

  const now = Date.now()
  // The tallest Succeeded bar (zero-height bars are drawn too, and cannot be hit).
  const box = await page
    .getByTestId('chart-per-day-status')
    .locator('svg')
    .evaluate((svg) => {
      const bars = [...svg.querySelectorAll('path[fill="#2f8a2f"]')].map((p) => p.getBoundingClientRect())
      const tall = bars.sort((a, b) => b.height - a.height)[0]
      return tall ? { x: tall.x + tall.width / 2, y: tall.y + tall.height / 2, h: tall.height } : null
    })
  expect(box?.h ?? 0).toBeGreaterThan(4)
  await page.mouse.click(box?.x ?? 0, box?.y ?? 0)
  await expect(page).toHaveURL(/#\/queue\?/)
  const url = { searchParams: new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '') }
  expect(url.searchParams.get('status')).toBe('Succeeded')
  expect(url.searchParams.get('from')).toBe(url.searchParams.get('to'))
  const day = url.searchParams.get('from') ?? ''
  const expected = jobs.filter(
    (j) =>
      shownStatus(j, now) === 'Succeeded' &&
      new Intl.DateTimeFormat('en-CA', { timeZone }).format(Date.parse(j.submissionDate)) === day
  )
  expect(expected.length).toBeGreaterThan(0)
  await expect(rows(page)).toHaveCount(expected.length)
  await expect(page.getByTestId('filter-dates')).toBeVisible()
})

/** Top and bottom of the page (it scrolls inside the window) at a size. */
async function shoot(page: Page, name: string, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height })
  await page.getByTestId('chart-per-day-status').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${screenshots}/insights-${name}-${width}.png` })
  await page.getByTestId('chart-backlog').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${screenshots}/insights-${name}-${width}-bottom.png` })
}

test('Insights looks right light and dark, at 1366 × 768 and 1920 × 1080', async ({ page }) => {
  await page.goto(`${host.url}#/insights`)
  await expect(page.getByTestId('chart-per-day-status').getByTestId('chart-region')).toBeVisible()
  await shoot(page, 'light', 1366, 768)
  await shoot(page, 'light', 1920, 1080)
  await page.getByTestId('chart-failures').getByTestId('view-failures').getByText('Table').click()
  await page.screenshot({ path: `${screenshots}/insights-light-table-1920.png` })
  await page.evaluate(() => localStorage.setItem('jobqueue.theme', 'dark'))
  await page.reload()
  await expect(page.getByTestId('chart-per-day-status').getByTestId('chart-region')).toBeVisible()
  // The charts follow the theme: the dark palette's green, not the light one's.
  await expect(page.getByTestId('chart-per-day-status').locator('svg path[fill="#6ccb5f"]').first()).toBeVisible()
  await shoot(page, 'dark', 1366, 768)
  await shoot(page, 'dark', 1920, 1080)

  // Settings → History → Clear history, confirmed: Insights starts from nothing.
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('history-clear').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${screenshots}/insights-settings-history-dark.png` })
  await page.getByTestId('history-clear').click()
  await page.getByTestId('confirm-ok').click()
  await expect(page.locator('.p-toast-message')).toContainText('History cleared')
  await page.getByTestId('nav-insights').click()
  await expect(page.getByTestId('insights-empty')).toBeVisible()
  await page.screenshot({ path: `${screenshots}/insights-empty-dark.png` })
})
