import { test } from '@playwright/test'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'
import { guardPage, type PageGuard } from './page-guard'
import { expect, signIn } from './queue-helpers'

let host: HostProcess
let guard: PageGuard

test.beforeAll(async () => {
  host = await startHostProcess()
})
test.afterAll(async () => host?.stop())
test.beforeEach(async ({ page }) => {
  guard = await guardPage(page)
})
test.afterEach(async () => {
  expect(await guard.problems()).toEqual([])
})

test('Settings → Help → Copy diagnostics puts the report on the clipboard, without the password', async ({
  page,
  context
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin })
  await signIn(page, host.url, 'admin')
  const users = await page.evaluate(() => window.jobqueue.connections.sandboxUsers())
  const admin = users.ok ? users.value.users.find((u) => u.username === 'admin') : undefined
  if (!admin) throw new Error('the sandbox shows no admin password')

  await page.getByTestId('nav-settings').click()
  const card = page.getByTestId('diagnostics')
  await expect(card.getByTestId('log-level').getByRole('button', { name: 'Info' })).toHaveAttribute(
    'aria-pressed',
    'true'
  )
  await card.getByTestId('diagnostics-copy').click()
  await expect(page.getByText('Diagnostics copied')).toBeVisible()

  const copied = await page.evaluate(() => navigator.clipboard.readText())
  expect(copied).toContain('JobQueue Desktop diagnostics')
  expect(copied).toContain('Running as: browser host (no Electron)')
  expect(copied).toMatch(/Status: connected to Sandbox/)
  expect(copied).toMatch(/Server version: \d+\.\d+/)
  expect(copied).toMatch(/Signed in as: admin \(administrator\)/)
  expect(copied).toMatch(/Sign-in schemes offered: basic/)
  expect(copied).toMatch(/## Last \d+ log lines/)
  expect(copied).toContain('/job-queue/current-user 200')
  expect(copied).not.toContain(admin.password)
  expect(copied).not.toContain(Buffer.from(`admin:${admin.password}`).toString('base64'))
})
