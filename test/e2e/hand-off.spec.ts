import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test, expect } from '@playwright/test'
import { DraftService } from '../../main/drafts/draft-service'
import { DraftExchange } from '../../main/drafts/exchange'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'
import { guardPage } from './page-guard'

/** A .jqdraft from a colleague, opened the way Explorer opens it: `--import FILE` on the app's command line. */
const screenshots = 'test-results/screenshots'
const assets = resolve('assets/sandbox')
let host: HostProcess | undefined
test.afterAll(async () => host?.stop())

async function colleaguesDraft(name: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'jq-e2e-colleague-'))
  const drafts = new DraftService({ dataDir: dir })
  const draft = await drafts.create({
    type: 'TextImportJob',
    name,
    description: 'From a colleague',
    template: { path: join(assets, 'text_import_template.xml') },
    data: [{ path: join(assets, 'example_data.txt') }],
    attachments: []
  })
  const { path } = await new DraftExchange(drafts).export(draft.id, join(dir, name))
  await drafts.dispose()
  return path
}

test('a .jqdraft handed to the app at start opens Drafts on the new draft, and says so', async ({ page }) => {
  mkdirSync(screenshots, { recursive: true })
  const file = await colleaguesDraft('Creep tests from Sam')
  host = await startHostProcess({ args: ['--import', file] })
  const guard = await guardPage(page)
  await page.goto(host.url)
  await expect(page).toHaveURL(/#\/drafts\?highlight=[0-9a-f-]{36}$/)
  const row = page.getByTestId('draft-row').filter({ hasText: 'Creep tests from Sam' })
  await expect(row).toHaveClass(/highlighted/)
  const id = /highlight=([0-9a-f-]{36})/.exec(page.url())?.[1]
  await expect(row).toHaveAttribute('data-draft-id', id ?? 'missing')
  await expect(page.getByText('“Creep tests from Sam” from Creep tests from Sam.jqdraft')).toBeVisible()
  await page.screenshot({ path: `${screenshots}/hand-off.png` })
  // Taken once: a reload stays where it is and opens nothing again.
  await page.goto(`${host.url}#/queue`)
  await expect(page.locator('#page-title')).toHaveText('Queue')
  await expect(page.getByText('Draft opened')).toHaveCount(0)
  expect(await guard.problems()).toEqual([])
})
