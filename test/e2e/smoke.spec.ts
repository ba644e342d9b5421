import { test, expect } from '@playwright/test'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'

let host: HostProcess
test.beforeAll(async () => {
  host = await startHostProcess()
})
test.afterAll(async () => host?.stop())

test('the app loads in Chromium through the browser host', async ({ page }) => {
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  await page.goto(host.url)
  await expect(page.getByRole('heading')).toContainText('JobQueue Desktop')
  expect(errors).toEqual([])
})
