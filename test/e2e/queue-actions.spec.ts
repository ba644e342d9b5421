import { mkdirSync } from 'node:fs'
import { test, type Page } from '@playwright/test'
import type { GrantaClient } from '../../main/granta'
import { startHostOnRendererCopy, type HostProcess } from '../helpers/browser-host-process'
import { guardPage, type PageGuard } from './page-guard'
import { badge, dismissToasts, expect, openJob, openQueue, rowNamed, rows, serverApi } from './queue-helpers'

/**
 * Acting on jobs from the queue and the job view, against the browser host and its seeded Sandbox:
 * bulk resubmit, copy to a new draft, and the sizes of a job's output files (notifications: notifications.spec.ts). The tests share one host and run in order.
 */
const screenshots = 'test-results/screenshots'
let host: HostProcess
let guard: PageGuard
let api: GrantaClient | null = null

test.describe.configure({ mode: 'serial' })

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

async function server(page: Page): Promise<GrantaClient> {
  api ??= await serverApi(page)
  return api
}

/** Records every status each queue row shows, however briefly, so a short-lived Pending is not missed. */
async function recordStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __statuses: string[] }
    w.__statuses = []
    const record = () => {
      for (const row of document.querySelectorAll('[data-testid=queue-row]')) {
        const id = row.getAttribute('data-job-id')
        const status = row.querySelector('[data-testid=status-badge]')?.getAttribute('data-status')
        if (id && status) w.__statuses.push(`${id} ${status}`)
      }
    }
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status', 'data-job-id']
    })
    record()
  })
}
const statusesSeen = (page: Page) => page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses)

test('bulk resubmit: two finished jobs selected together come back as new Pending jobs, shown by the monitor', async ({
  page
}) => {
  test.setTimeout(180_000)
  await openQueue(page, host.url, 'admin')
  // The seeded history runs real jobs at first; wait until only the three scheduled ones wait.
  await expect(page.getByTestId('count-Scheduled').locator('.n')).toHaveText('3', { timeout: 110_000 })
  await expect(page.getByTestId('count-Pending').locator('.n')).toHaveText('0', { timeout: 30_000 })
  await expect(page.getByTestId('count-Running').locator('.n')).toHaveText('0', { timeout: 30_000 })

  await page.getByTestId('filter-text').fill('Tensile export')
  await expect(page).toHaveURL(/[?&]q=Tensile/)
  const finished = rows(page).filter({ has: page.locator('[data-testid=status-badge][data-status=Succeeded]') })
  await expect(finished.first()).toBeVisible()
  const before = await rows(page).count()
  const picked = [finished.nth(0), finished.nth(1)]
  const originals = await Promise.all(picked.map((r) => r.getAttribute('data-job-id')))
  const names = await Promise.all(picked.map((r) => r.locator('.col-name').innerText()))
  expect(new Set(originals).size).toBe(2)

  await picked[0]!.click()
  await picked[1]!.click({ modifiers: ['Control'] })
  await expect(page.getByTestId('selected-count')).toHaveText('2 selected')
  await recordStatuses(page)
  await page.getByTestId('bulk-resubmit').click()
  await expect(page.locator('.p-toast-message').filter({ hasText: '2 new jobs added to the queue.' })).toBeVisible()

  // Two new rows with the same names, from the monitor's deltas: no reload, no refetch by the page.
  await expect(rows(page)).toHaveCount(before + 2, { timeout: 20_000 })
  for (const name of names) await expect(rowNamed(page, name)).toHaveCount(2)
  const ids = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-job-id') ?? ''))
  const added = ids.filter((id) => !originals.includes(id) && id !== '')
  const client = await server(page)
  const copies = await Promise.all(
    names.map(async (name) =>
      (await client.listJobs({ nameFilter: name })).jobs.filter((j) => !originals.includes(j.id))
    )
  )
  const newIds = copies.flat().map((j) => j.id)
  expect(newIds).toHaveLength(2)
  for (const id of newIds) expect(added).toContain(id)
  for (const job of copies.flat()) expect(job.submitterName).toBe('admin')
  // The copies were shown waiting (Pending) before the sandbox ran them. The sandbox starts one within a
  // second, so the first may already run when the monitor first lists it; the other waits its turn.
  const seen = await statusesSeen(page)
  const firstSeen = newIds.map((id) => seen.find((s) => s.startsWith(`${id} `))?.split(' ')[1])
  expect(firstSeen).toContain('Pending')
  for (const status of firstSeen) expect(['Pending', 'Running']).toContain(status)
  for (const id of newIds) {
    await expect(badge(page.locator(`[data-testid=queue-row][data-job-id="${id}"]`))).toHaveAttribute(
      'data-status',
      'Succeeded',
      { timeout: 60_000 }
    )
  }
  expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1)
})

test('copy to new draft: the drafts editor opens on a draft with the job’s name, type and files', async ({ page }) => {
  await openQueue(page, host.url, 'admin')
  const name = 'Text import: build log 1'
  await openJob(page, name)
  const jobId = await page.getByTestId('job-view').getAttribute('data-job-id')
  if (!jobId) throw new Error('no job id on the job view')
  const definition = await (await server(page)).retrieveDefinition(jobId)
  const serverFiles = (type: string) =>
    (definition.files ?? []).filter((f) => f.fileType === type).map((f) => f.filePath)
  expect(serverFiles('Template')).toHaveLength(1)
  expect(serverFiles('Data').length).toBeGreaterThan(0)

  await page.getByTestId('action-copy-draft').click()
  await expect(page).toHaveURL(/#\/new-job\?draft=[0-9a-f-]+$/)
  await expect(page.locator('#page-title')).toHaveText('Edit draft')
  await expect(page.locator('.p-toast-message').filter({ hasText: 'Draft created' })).toBeVisible()
  const draftId = /[?&]draft=([0-9a-f-]+)$/.exec(page.url())?.[1] ?? ''
  // Type: the kind of job is chosen already.
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(1)
  await expect(page.getByRole('radio', { checked: true })).toContainText('Text import')
  // Files: the job's template and data files, where the job had them.
  await page.getByRole('button', { name: 'Next: files' }).click()
  await expect(page.getByTestId('file-template').getByRole('textbox').first()).toHaveValue(
    serverFiles('Template')[0] ?? ''
  )
  const dataPaths = await page
    .locator('[data-testid^="file-data."]')
    .evaluateAll((rows) => rows.map((r) => r.querySelector('input')?.value ?? ''))
  expect(dataPaths).toEqual(serverFiles('Data'))
  // Name, on the options step.
  await page.getByRole('button', { name: 'Next: options' }).click()
  await expect(page.locator('#job-name')).toHaveValue(name)
  await dismissToasts(page)
  await page.screenshot({ path: `${screenshots}/copy-to-draft.png` })

  // It is a saved draft, listed in Drafts.
  const draft = await page.evaluate((id) => window.jobqueue.drafts.get({ id }), draftId)
  expect(draft.ok).toBe(true)
  if (!draft.ok) return
  expect(draft.value.request).toMatchObject({ type: 'TextImportJob', name })
  await page.goto(`${host.url}#/drafts`)
  await expect(page.getByTestId('draft-row').filter({ hasText: name })).toHaveCount(1)
})

test('the job view lists output files with the sizes the server reports', async ({ page }) => {
  await openQueue(page, host.url, 'admin')
  await openJob(page, 'Tensile export 1')
  const jobId = await page.getByTestId('job-view').getAttribute('data-job-id')
  if (!jobId) throw new Error('no job id on the job view')
  const files = page.getByTestId('job-file')
  await expect(files.first()).toBeVisible()
  const count = await files.count()
  await expect(page.getByTestId('job-file-size')).toHaveCount(count)
  const client = await server(page)
  for (const name of (await client.outputNames(jobId)).names) {
    const opened = await client.openOutput(jobId, name)
    opened.stream.on('error', () => {})
    opened.stream.destroy()
    const row = files.filter({ has: page.locator('.name', { hasText: name }) })
    await expect(row.getByTestId('job-file-size')).toHaveAttribute('data-bytes', String(opened.totalBytes))
    await expect(row.getByTestId('job-file-size')).toHaveText(/^\d+(\.\d)? (B|KB|MB)$/)
  }
  await page.setViewportSize({ width: 1280, height: 1100 })
  await dismissToasts(page)
  await page.getByTestId('job-files').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${screenshots}/job-output-sizes.png` })
  await page.setViewportSize({ width: 1280, height: 800 })
})
