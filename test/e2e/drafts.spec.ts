import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test, expect, type Locator, type Page } from '@playwright/test'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'
import { guardPage, type PageGuard } from './page-guard'

/*
 * Offline drafts through the browser host, in order: build two drafts while the sandbox is not running,
 * restart the host on the same data folder, connect to the built-in sandbox and submit both in one
 * batch, then build an export from pasted record ids. The tests share one data folder and run in order.
 */
test.describe.configure({ mode: 'serial' })

const assets = resolve('assets/sandbox')
const asset = (name: string) => join(assets, name)
const screenshots = 'test-results/screenshots'
const dataDir = mkdtempSync(join(tmpdir(), 'jq-e2e-drafts-'))
const excelName = 'Tensile batch 7 (offline)'
const textName = 'Build log import (offline)'

let host: HostProcess | undefined
let guard: PageGuard

test.beforeAll(() => mkdirSync(screenshots, { recursive: true }))
test.afterAll(async () => {
  await host?.stop()
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 })
})
test.beforeEach(async ({ page }) => {
  guard = await guardPage(page)
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' })
})
test.afterEach(async () => {
  expect(await guard.problems()).toEqual([])
})

async function restartHost(): Promise<HostProcess> {
  await host?.stop()
  host = await startHostProcess({ dataDir, sandboxMinRunningMs: 0 })
  return host
}

/** Opens a route of the app (the token stays in the query string, the route in the hash). */
async function goto(page: Page, route: string): Promise<void> {
  if (!host) throw new Error('no host')
  await page.goto(`${host.url}#${route}`)
  await expect(page.locator('#page-title')).toBeVisible()
}

async function addPath(page: Page, label: string, path: string): Promise<void> {
  const box = page.getByRole('textbox', { name: `Add ${label} by path` })
  await box.fill(path)
  await box.press('Enter')
}

/**
 * Picks an action from a row's menu. The menu closes on a scroll (PrimeVue's popup does), and Playwright's own
 * scroll of a row at the fold can land just after the menu opened: open it again until the item shows.
 */
async function rowAction(page: Page, draftRow: Locator, action: string): Promise<void> {
  const item = page.getByRole('menuitem', { name: action })
  // The click is in the retry too: the scroll that brings the item into view can close the menu under it.
  await expect(async () => {
    if (!(await item.isVisible())) await draftRow.getByTestId('draft-more').click()
    await item.click({ timeout: 2_000 })
  }).toPass({ timeout: 20_000 })
}

const step = (page: Page, name: string) => page.getByRole('button', { name: new RegExp(`^Next: ${name}`) })
const row = (page: Page, name: string) =>
  page.getByTestId('draft-row').filter({ has: page.getByTestId('draft-name').getByText(name, { exact: true }) })

test('builds an Excel import and a text import by typed paths and saves them as drafts while offline', async ({
  page
}) => {
  await restartHost()
  await goto(page, '/new-job?type=ExcelImportJob')
  // Offline: no session, and the built-in sandbox has never been started in this data folder.
  const session = await page.evaluate(() => window.jobqueue.session.current())
  expect(session.ok && session.value.status).toBe('offline')
  expect(existsSync(join(dataDir, 'sandbox'))).toBe(false)

  // Excel import: first with mistakes, so the validation messages show at their fields.
  await step(page, 'files').click()
  await addPath(page, 'import template', asset('import_template.xlsx'))
  await addPath(page, 'data files', asset('no_such_file.xlsx'))
  const dataRow = page.getByTestId('file-data.0')
  await expect(dataRow.getByRole('alert')).toHaveText('No file at this path. Check the path, or pick the file again.')
  await expect(page.getByTestId('file-template')).not.toContainText('No file')
  await page.screenshot({ path: `${screenshots}/wizard-errors.png`, fullPage: true })

  // Put it right: remove the wrong file, add the two data workbooks.
  await dataRow.getByRole('button', { name: 'Remove no_such_file.xlsx' }).click()
  await addPath(page, 'data files', asset('data_file_1.xlsx'))
  await addPath(page, 'data files', asset('data_file_2.xlsx'))
  await expect(page.getByTestId('file-data.1').locator('.pi-check-circle')).toBeVisible()
  await expect(page.locator('.file-field .bad')).toHaveCount(0)
  await step(page, 'options').click()
  // The name's message waits until the field was left.
  await expect(page.locator('#job-name-msg')).toHaveCount(0)
  await page.locator('#job-name').focus()
  await page.locator('#job-name').blur()
  await expect(page.locator('#job-name-msg')).toHaveText('Enter a name for the job.')
  await page.locator('#job-name').fill(excelName)
  await expect(page.locator('#job-name-msg')).toHaveCount(0)
  // Offline, "Submit now" says why it cannot be used; "Save as draft" always can.
  await expect(page.getByTestId('submit-blocker')).toContainText('Connect to a Granta MI server to submit now')
  await expect(page.getByRole('button', { name: 'Submit now' })).toBeDisabled()
  await page.getByRole('button', { name: 'Save as draft' }).click()
  await expect(page).toHaveURL(/#\/drafts\?highlight=/)
  await expect(row(page, excelName).getByTestId('draft-state')).toHaveText('Ready')
  await expect(row(page, excelName)).toContainText('Excel import')

  // Text import: an XML template and a data file.
  await goto(page, '/new-job?type=TextImportJob')
  await step(page, 'files').click()
  await addPath(page, 'xml template', asset('text_import_template.xml'))
  await addPath(page, 'data files', asset('example_data.txt'))
  await step(page, 'options').click()
  await page.locator('#job-name').fill(textName)
  await page.getByRole('button', { name: 'Save as draft' }).click()
  await expect(page).toHaveURL(/#\/drafts\?highlight=/)

  const text = row(page, textName)
  await expect(text.getByTestId('draft-state')).toHaveText('Ready')
  await expect(text).toContainText('Text import')
  await expect(page.getByTestId('draft-row')).toHaveCount(2)
  await expect(row(page, excelName).locator('[role="cell"].num')).toHaveText('3')
  await expect(text.locator('[role="cell"].num')).toHaveText('2')
  // Still offline: submitting says why not.
  await text.getByTestId('draft-select').click()
  await expect(page.getByTestId('drafts-submit')).toBeDisabled()
  await expect(page.getByTestId('drafts-submit-blocker')).toContainText('Connect to a Granta MI server')
  expect(existsSync(join(dataDir, 'sandbox'))).toBe(false)
})

test('after a restart, connects to the built-in sandbox, batch-submits both drafts, and they succeed', async ({
  page
}) => {
  // The sandbox seeds its demo queue in the background and runs one job at a time: ours wait their turn.
  test.setTimeout(240_000)
  await restartHost()
  await goto(page, '/connections')
  await page.getByTestId('connection-connect-sandbox').click()
  await expect(page.getByTestId('connection-status-sandbox')).toHaveText('Connected', { timeout: 30_000 })

  await goto(page, '/drafts')
  await expect(page.getByTestId('draft-row')).toHaveCount(2)
  await page.getByTestId('drafts-select-all').click()
  await expect(page.getByTestId('drafts-submit')).toHaveText('Submit 2 ready drafts')
  await page.getByTestId('drafts-submit').click()

  await expect(page.getByTestId('batch-headline')).toHaveText('All 2 drafts submitted', { timeout: 30_000 })
  await expect(page.getByTestId('batch-row')).toHaveCount(2)
  await expect(page.getByTestId('batch-row').filter({ hasText: 'Submitted' })).toHaveCount(2)
  const jobIds: string[] = []
  for (const name of [excelName, textName]) {
    const r = row(page, name)
    await expect(r.getByTestId('draft-state')).toHaveText('Submitted')
    const href = await r.getByTestId('draft-job-link').getAttribute('href')
    const id = /job=([^&]+)/.exec(href ?? '')?.[1]
    expect(id).toBeTruthy()
    jobIds.push(decodeURIComponent(id ?? ''))
  }

  // The jobs run on the sandbox and succeed with the records of the asset files.
  for (const id of jobIds) {
    await expect
      .poll(
        async () =>
          page.evaluate(async (jobId) => {
            const r = await window.jobqueue.jobs.get({ id: jobId })
            return r.ok ? r.value.status : r.error.code
          }, id),
        { timeout: 120_000 }
      )
      .toBe('Succeeded')
  }
  const summaries = await page.evaluate(
    async (ids) =>
      Promise.all(
        ids.map(async (id) => {
          const r = await window.jobqueue.jobs.get({ id })
          return r.ok ? r.value.summary : null
        })
      ),
    jobIds
  )
  for (const s of summaries) {
    expect(s?.kind).toBe('import')
    if (s?.kind === 'import') {
      expect(s.finishedSuccessfully).toBe(true)
      expect((s.numberOfRecordsCreated ?? 0) + (s.numberOfRecordsUpdated ?? 0)).toBeGreaterThan(0)
    }
  }

  // The link on the draft opens the job in the queue.
  await row(page, excelName).getByTestId('draft-job-link').click()
  await expect(page).toHaveURL(new RegExp(`#/queue\\?.*job=${jobIds[0]}`))
  await expect(page.getByText(excelName).first()).toBeVisible({ timeout: 15_000 })
})

test('builds an Excel export from pasted record ids and submits it', async ({ page }) => {
  test.setTimeout(180_000)
  // Host and sandbox session from the previous test; the sandbox's record store has the demo records.
  const store = JSON.parse(readFileSync(join(dataDir, 'sandbox', 'records.json'), 'utf8')) as {
    data: { records: { historyIdentity: number; databaseKey: string }[] }
  }
  const ids = store.data.records
    .filter((r) => r.databaseKey === 'MI_Training')
    .map((r) => r.historyIdentity)
    .slice(0, 3)
  expect(ids).toHaveLength(3)

  // On a laptop's screen: nothing is red before anything was touched; a Submit tried too early lists every
  // problem, each a link to its field.
  await page.setViewportSize({ width: 1366, height: 768 })
  await goto(page, '/new-job?type=TextImportJob')
  await expect(page.getByRole('alert')).toHaveCount(0)
  await page.screenshot({ path: `${screenshots}/wizard-untouched.png` })
  await page.getByRole('button', { name: 'Submit now' }).click()
  const problems = page.getByTestId('wizard-problems')
  await expect(problems).toContainText('3 problems')
  await expect(problems.getByRole('button')).toHaveText([
    'Job name Enter a name for the job.',
    'Template Add a text import template.',
    'Data files Add at least one data file.'
  ])
  await page.screenshot({ path: `${screenshots}/wizard-submit-tried.png` })
  await problems.getByRole('button', { name: /^Job name/ }).click()
  await expect(page.locator('#job-name')).toBeFocused()
  await expect(page.locator('#job-name-msg')).toHaveText('Enter a name for the job.')

  await goto(page, '/new-job?type=ExcelExportJob')
  await step(page, 'files').click()
  await addPath(page, 'export template', asset('export_template.xlsx'))
  await step(page, 'options').click()
  await page.locator('#job-name').fill('Weekly tensile export')
  await expect(page.locator('#db-key')).toHaveValue('MI_Training')
  // Pasted as Excel would: a header row, tab-separated versions, and one id twice.
  await page.locator('#paste-records').fill(`Record\tVersion\n${ids[0]}\t1\n${ids[1]}\n${ids[2]}\n${ids[1]}`)
  await page.getByRole('button', { name: 'Add pasted records' }).click()
  await expect(page.getByText('4 records', { exact: true })).toBeVisible()
  await expect(page.getByText('1 duplicate')).toBeVisible()
  await page.getByRole('button', { name: 'Remove duplicates' }).click()
  await expect(page.getByText('3 records', { exact: true })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Records to export' }).getByRole('row')).toHaveCount(4)

  await step(page, 'schedule').click()
  await step(page, 'review').click()
  await expect(page.getByLabel('Create-job request')).toContainText(`"RecordHistoryIdentity": ${ids[0]}`)
  await expect(page.getByTestId('submit-blocker')).toHaveCount(0)
  await page.getByRole('button', { name: 'Submit now' }).click()
  await expect(page).toHaveURL(/#\/queue\?.*job=/, { timeout: 30_000 })
  const jobId = decodeURIComponent(/job=([^&]+)/.exec(page.url())?.[1] ?? '')
  await expect
    .poll(
      async () =>
        page.evaluate(async (id) => {
          const r = await window.jobqueue.jobs.get({ id })
          return r.ok ? r.value.status : r.error.code
        }, jobId),
      { timeout: 120_000 }
    )
    .toBe('Succeeded')
  const summary = await page.evaluate(async (id) => {
    const r = await window.jobqueue.jobs.get({ id })
    return r.ok ? r.value.summary : null
  }, jobId)
  expect(summary).toMatchObject({ kind: 'export', exportedRecords: 3, errors: [] })
})

test('manages drafts: rename in place, duplicate, export and import, relink from a folder, delete with undo, archive', async ({
  page
}) => {
  await goto(page, '/drafts')
  // A draft that needs attention: its data file is not there.
  const created = await page.evaluate(
    async (paths) => {
      const r = await window.jobqueue.drafts.create({
        request: {
          type: 'TextImportJob',
          name: 'Rig 4 logs',
          description: null,
          template: { path: paths.template },
          data: [{ path: paths.data }],
          attachments: []
        }
      })
      return r.ok ? r.value.id : null
    },
    { template: asset('text_import_template.xml'), data: join(dataDir, 'moved', 'example_data.txt') }
  )
  expect(created).toBeTruthy()
  const rig = row(page, 'Rig 4 logs')
  await expect(rig.getByTestId('draft-state')).toHaveText(/Needs attention/)
  await expect(rig.getByTestId('draft-reasons')).toContainText('is missing')

  // Rename in place (from the row's menu), Enter saves.
  await rowAction(page, rig, 'Rename')
  await page.getByTestId('draft-rename-input').fill('Rig 4 logs, week 48')
  await page.getByTestId('draft-rename-input').press('Enter')
  const renamed = row(page, 'Rig 4 logs, week 48')
  await expect(renamed).toHaveCount(1)

  // Relink the missing file from the assets folder.
  await renamed.getByTestId('draft-relink').click()
  const dialog = page.getByTestId('relink-dialog')
  await expect(dialog.getByTestId('relink-file')).toHaveCount(1)
  await dialog.getByTestId('relink-folder').fill(assets)
  await dialog.getByRole('button', { name: 'Relink from folder' }).click()
  await expect(dialog.getByTestId('relink-notice')).toContainText('Relinked 1 file')
  await page.screenshot({ path: `${screenshots}/drafts-relink.png` })
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(renamed.getByTestId('draft-state')).toHaveText('Ready')

  // Export to a typed path, then import it back as a new draft.
  await rowAction(page, renamed, 'Export…')
  const exportPath = join(dataDir, 'rig4.jqdraft')
  await page.getByTestId('export-dialog-path').fill(exportPath)
  await page.getByTestId('export-dialog-confirm').click()
  await expect(page.getByText(`Saved to ${exportPath}`)).toBeVisible()
  expect(JSON.parse(readFileSync(exportPath, 'utf8'))).toMatchObject({
    format: 'jobqueue-desktop.draft',
    request: { name: 'Rig 4 logs, week 48' }
  })
  await page.getByTestId('drafts-import').click()
  await page.getByTestId('import-dialog-path').fill(exportPath)
  await page.getByTestId('import-dialog-confirm').click()
  await expect(row(page, 'Rig 4 logs, week 48')).toHaveCount(2)

  // Duplicate, then delete the copy and undo.
  await rowAction(page, renamed.first(), 'Duplicate')
  const copy = row(page, 'Rig 4 logs, week 48 (copy)')
  await expect(copy).toHaveCount(1)
  await rowAction(page, copy, 'Delete')
  await expect(copy).toHaveCount(0)
  await page.getByTestId('undo-delete').click()
  await expect(copy).toHaveCount(1)

  // Archive a submitted draft; it leaves the list and comes back with "Show archived".
  await rowAction(page, row(page, excelName), 'Archive')
  await expect(row(page, excelName)).toHaveCount(0)
  await page.getByTestId('drafts-show-archived').click()
  await expect(row(page, excelName)).toContainText('Archived')
  await page.getByTestId('drafts-show-archived').click()

  // One more draft that needs attention, for the picture.
  await page.evaluate(async (p) => {
    await window.jobqueue.drafts.create({
      request: {
        type: 'ExcelImportJob',
        name: '',
        description: null,
        template: { path: p },
        data: [],
        combined: [],
        attachments: []
      }
    })
  }, asset('import_template.xlsx'))
  await expect(page.getByTestId('draft-row').filter({ hasText: 'Untitled draft' })).toHaveCount(1)
  // The picture without the toasts of the steps above.
  await page.reload()
  await expect(page.getByTestId('draft-row')).toHaveCount(6)
  await page.screenshot({ path: `${screenshots}/drafts.png`, fullPage: true })
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('app-dark'))).toBe(true)
  await page.screenshot({ path: `${screenshots}/drafts-dark.png`, fullPage: true })
})
