import { mkdirSync } from 'node:fs'
import { test, type Page } from '@playwright/test'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'
import { layoutProblems } from './layout-check'
import { guardPage } from './page-guard'
import { expect, rows, signIn } from './queue-helpers'

/**
 * Every page at the laptop and desktop sizes users have (1280×720, 1366×768, 1920×1080), light and dark, as an
 * administrator and as a reader: nothing scrolls sideways and no control label is cut. Screenshots of each go to
 * test-results/screenshots/layout-*.png, for a look by eye.
 */
const screenshots = 'test-results/screenshots'
const sizes = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 }
]
const themes = ['light', 'dark'] as const
let host: HostProcess | undefined

test.beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  host = await startHostProcess({ sandboxMinRunningMs: 0 })
})
test.afterAll(async () => host?.stop())

const pages: { name: string; open: (page: Page, url: string) => Promise<void> }[] = [
  {
    name: 'queue',
    open: (page, url) => goTo(page, `${url}#/queue`, 'Queue', () => expect(rows(page).first()).toBeVisible())
  },
  {
    name: 'job',
    open: async (page, url) => {
      await goTo(page, `${url}#/queue`, 'Queue', () => expect(rows(page).first()).toBeVisible())
      await rows(page).first().getByTestId('open-job').click()
      await expect(page.getByTestId('job-view')).toBeVisible()
    }
  },
  { name: 'new-job', open: (page, url) => goTo(page, `${url}#/new-job`, 'New job') },
  { name: 'drafts', open: (page, url) => goTo(page, `${url}#/drafts`, 'Drafts') },
  { name: 'downloads', open: (page, url) => goTo(page, `${url}#/downloads`, 'Downloads') },
  { name: 'connections', open: (page, url) => goTo(page, `${url}#/connections`, 'Connections') },
  { name: 'settings', open: (page, url) => goTo(page, `${url}#/settings`, 'Settings') }
]

async function goTo(page: Page, url: string, title: string, ready?: () => Promise<void>): Promise<void> {
  await page.goto(url)
  await expect(page.locator('#page-title')).toHaveText(title)
  await ready?.()
}

for (const user of ['admin', 'reader'] as const) {
  test(`every page fits 1280, 1366 and 1920 wide, light and dark, as ${user}`, async ({ page }) => {
    test.setTimeout(180_000)
    const guard = await guardPage(page)
    await signIn(page, host?.url ?? '', user)
    const found: string[] = []
    for (const p of pages) {
      await page.setViewportSize(sizes[1] ?? { width: 1366, height: 768 })
      await p.open(page, host?.url ?? '')
      for (const size of sizes) {
        await page.setViewportSize(size)
        for (const theme of themes) {
          await page.emulateMedia({ colorScheme: theme })
          // Colours move to the new theme by CSS transitions: the screenshot waits for them to end.
          await page.evaluate(async () => {
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
            await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)))
          })
          const where = `${p.name} ${size.width}×${size.height} ${theme} ${user}`
          for (const problem of await layoutProblems(page)) found.push(`${where}: ${problem}`)
          await page.screenshot({ path: `${screenshots}/layout-${p.name}-${size.width}-${theme}-${user}.png` })
        }
      }
    }
    expect(found).toEqual([])
    expect(await guard.problems()).toEqual([])
  })
}
