import { mkdirSync, readFileSync } from 'node:fs'
import { test, expect, type Page } from '@playwright/test'
import { startHostProcess, type HostProcess } from '../helpers/browser-host-process'
import { guardPage, type PageGuard } from './page-guard'

// The screens in navigation order, written out here so the test checks the app rather than reuses its list.
const views = [
  { label: 'Queue', hash: '#/queue', heading: 'Queue', key: '1' },
  { label: 'New job', hash: '#/new-job', heading: 'New job', key: '2' },
  { label: 'Drafts', hash: '#/drafts', heading: 'Drafts', key: '3' },
  { label: 'Downloads', hash: '#/downloads', heading: 'Downloads', key: '4' },
  { label: 'Insights', hash: '#/insights', heading: 'Insights', key: '5' },
  { label: 'Connections', hash: '#/connections', heading: 'Connections', key: '6' },
  { label: 'Settings', hash: '#/settings', heading: 'Settings', key: '7' }
]
const screenshots = 'test-results/screenshots'
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; productName: string }

let host: HostProcess
let guard: PageGuard

test.beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  host = await startHostProcess()
})
test.afterAll(async () => host?.stop())

test.beforeEach(async ({ page }) => {
  guard = await guardPage(page)
})
test.afterEach(async () => {
  expect(await guard.problems()).toEqual([])
})

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' })
const heading = (page: Page) => page.locator('#page-title')

async function open(page: Page): Promise<void> {
  await page.goto(host.url)
  await expect(heading(page)).toHaveText('Queue')
}

test('opens on the queue, keeps the token, and answers app.info through window.jobqueue', async ({ page }) => {
  await open(page)
  const url = new URL(page.url())
  expect(url.hash).toBe('#/queue')
  expect(url.searchParams.get('token')).toBe(new URL(host.url).searchParams.get('token'))
  await expect(page).toHaveTitle('Queue – JobQueue Desktop')

  const info = await page.evaluate(() => window.jobqueue.app.info())
  expect(info.ok).toBe(true)
  if (!info.ok) return
  expect(info.value).toMatchObject({
    name: pkg.productName,
    version: pkg.version,
    host: 'browser',
    platform: process.platform
  })
  expect(info.value.dataDir).toBe(host.dataDir)
  expect(info.value.versions.node).toMatch(/^\d+\.\d+\.\d+$/)

  // The landmarks a screen reader user relies on.
  await expect(page.getByRole('banner')).toBeVisible()
  await expect(nav(page)).toBeVisible()
  await expect(page.getByRole('main')).toHaveAttribute('aria-label', 'Queue')

  // The icon font is served from the app itself and loads under the CSP.
  const iconFont = await page.evaluate(async () => {
    await document.fonts.ready
    return [...document.fonts].filter((f) => f.family.includes('primeicons')).map((f) => f.status)
  })
  expect(iconFont).toContain('loaded')
})

test('every view opens by clicking its navigation item', async ({ page }) => {
  await open(page)
  const links = nav(page).getByRole('link')
  await expect(links).toHaveText(views.map((v) => v.label))
  for (const v of [...views].reverse()) {
    await nav(page).getByRole('link', { name: v.label }).click()
    await expect(page).toHaveURL(new RegExp(`${v.hash}$`))
    await expect(heading(page)).toHaveText(v.heading)
    await expect(nav(page).getByRole('link', { name: v.label })).toHaveAttribute('aria-current', 'page')
    await expect(nav(page).locator('[aria-current="page"]')).toHaveCount(1)
  }
  // The token survives navigation (the WebSocket needs it on reconnect).
  expect(new URL(page.url()).searchParams.get('token')).toBeTruthy()
})

test('the keyboard reaches everything: skip link, Tab through the rail, Enter, Ctrl+1…7', async ({ page }) => {
  await open(page)
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('skip-link')).toBeFocused()
  await expect(page.getByTestId('skip-link')).toBeInViewport()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('main')).toBeFocused()

  // From the top again: skip link, then the status chip and the bell in the top bar, then the rail.
  await page.reload()
  await expect(heading(page)).toHaveText('Queue')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('skip-link')).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('connection-status')).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('notification-bell')).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('nav-toggle')).toBeFocused()
  for (const v of views) {
    await page.keyboard.press('Tab')
    const link = nav(page).getByRole('link', { name: v.label })
    await expect(link).toBeFocused()
    // The focus ring is drawn (2px outline), not just the default.
    expect(await link.evaluate((el) => getComputedStyle(el).outlineWidth)).toBe('2px')
    await page.keyboard.press('Enter')
    await expect(heading(page)).toHaveText(v.heading)
    await expect(link).toBeFocused()
  }

  // Arrow keys move within the rail.
  await page.keyboard.press('ArrowUp')
  await expect(nav(page).getByRole('link', { name: 'Connections' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect(nav(page).getByRole('link', { name: 'Queue' })).toBeFocused()

  for (const v of [...views].reverse()) {
    await page.keyboard.press(`Control+${v.key}`)
    await expect(page).toHaveURL(new RegExp(`${v.hash}$`))
    await expect(heading(page)).toHaveText(v.heading)
  }
})

test('the rail collapses to icons, keeps accessible names, and remembers it', async ({ page }) => {
  await open(page)
  const toggle = page.getByTestId('nav-toggle')
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  const wide = (await nav(page).boundingBox())?.width ?? 0
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await expect.poll(async () => (await nav(page).boundingBox())?.width ?? 0).toBeLessThan(wide / 2)
  await expect(nav(page).getByRole('link', { name: 'Drafts' })).toBeVisible()
  await nav(page).getByRole('link', { name: 'Drafts' }).hover()
  await expect(page.getByRole('tooltip')).toContainText('Drafts (Ctrl+3)')
  await page.screenshot({ path: `${screenshots}/shell-collapsed.png` })
  await page.reload()
  await expect(page.getByTestId('nav-toggle')).toHaveAttribute('aria-expanded', 'false')
  await page.getByTestId('nav-toggle').click()
  await expect(page.getByTestId('nav-toggle')).toHaveAttribute('aria-expanded', 'true')
})

test('light and dark follow the OS, Settings overrides it and is remembered', async ({ page }) => {
  const isDark = () => page.evaluate(() => document.documentElement.classList.contains('app-dark'))
  const background = () =>
    page.evaluate(() => getComputedStyle(document.querySelector('main') as Element).backgroundColor)

  // Reduced motion turns the theme transitions off (styles/app.css), so screenshots show the settled state.
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' })
  await open(page)
  expect(await isDark()).toBe(false)
  const lightBg = await background()
  await page.screenshot({ path: `${screenshots}/shell-light.png` })

  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(isDark).toBe(true)
  await expect.poll(background).not.toBe(lightBg)
  await page.screenshot({ path: `${screenshots}/shell-dark.png` })

  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('app-version')).toHaveText(pkg.version)
  await expect(page.getByTestId('app-data-dir')).toHaveText(host.dataDir)
  await page.screenshot({ path: `${screenshots}/settings-dark.png` })

  // Override: Light while the OS is dark, kept across a reload.
  await page.getByTestId('theme-choice').getByText('Light', { exact: true }).click()
  await expect.poll(isDark).toBe(false)
  await page.screenshot({ path: `${screenshots}/settings-light.png` })
  await page.reload()
  await expect(page.getByTestId('app-version')).toHaveText(pkg.version)
  expect(await isDark()).toBe(false)

  // Back to System: dark again, because the OS still is.
  await page.getByTestId('theme-choice').getByText('System', { exact: true }).click()
  await expect.poll(isDark).toBe(true)
})
