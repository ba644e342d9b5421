import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@playwright/test'
import { startSandbox, type Sandbox } from '../../main/sandbox'
import { startHostOnRendererCopy, type HostProcess } from '../helpers/browser-host-process'
import { dropIdAndRenameType, startTamperingServer } from '../helpers/tampering-server'
import { seedOutputJobs } from '../main/downloads/fixtures'
import { guardPage, type PageGuard } from './page-guard'
import { expect, rows } from './queue-helpers'

/**
 * The queue against a server that lists 100 jobs, one without an id and one of a type from a newer release
 * (a real HTTP server in front of the sandbox), through the browser host.
 */
let host: HostProcess
let sandbox: Sandbox
let server: { url: string; close(): Promise<void> }
let guard: PageGuard

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  const sbDir = mkdtempSync(join(tmpdir(), 'jq-e2e-tol-sb-'))
  await seedOutputJobs(
    sbDir,
    Array.from({ length: 100 }, (_, i) => ({ name: `Job ${i + 1}`, outputs: [{ name: `out-${i + 1}.txt`, size: 64 }] }))
  )
  sandbox = await startSandbox({ port: 0, dataDir: sbDir })
  server = await startTamperingServer({
    upstream: sandbox.url,
    user: { username: 'admin', password: 'admin-pass' },
    tamper: dropIdAndRenameType
  })
  host = await startHostOnRendererCopy()
})
test.afterAll(async () => {
  await host?.stop()
  await server?.close()
  await sandbox?.stop()
})
test.beforeEach(async ({ page }) => {
  guard = await guardPage(page)
})
test.afterEach(async () => {
  expect(await guard.problems()).toEqual([])
})

test('the queue shows 99 rows, the unknown type as Other, and a banner for the job it could not read', async ({
  page
}) => {
  test.setTimeout(120_000)
  await page.goto(`${host.url}#/connections`)
  await expect(page.locator('#page-title')).toHaveText('Connections')
  const connected = await page.evaluate(async (url) => {
    const created = await window.jobqueue.connections.create({ name: 'Newer server', url, auth: 'anonymous' })
    if (!created.ok) return created.error.message
    const session = await window.jobqueue.session.connect({ id: created.value.id })
    return session.ok ? 'connected' : session.error.message
  }, server.url)
  expect(connected).toBe('connected')

  await page.goto(`${host.url}#/queue`)
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-tone', 'live', { timeout: 30_000 })
  await expect(page.getByTestId('queue-table')).toHaveAttribute('data-rows', '99')
  await expect(page.getByTestId('skipped-count')).toHaveText('1 job could not be read.')

  await page.getByTestId('skipped-details').click()
  const dialog = page.getByTestId('skipped-dialog')
  await expect(dialog.getByTestId('skipped-row')).toHaveCount(1)
  await expect(dialog.getByTestId('skipped-row').locator('td').nth(0)).toHaveText('(no id)')
  await expect(dialog.getByTestId('skipped-row').locator('td').nth(1)).toHaveText('results.0.id')
  await page.keyboard.press('Escape')

  // "Other" is a type the view filters by itself.
  await page.goto(`${host.url}#/queue?type=Other`)
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first().locator('.col-type')).toHaveText('Other: DataUpdaterJob')
})
