import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect as baseExpect, type Locator, type Page } from '@playwright/test'
import { connect, type GrantaClient } from '../../main/granta'

/** The steps queue.spec.ts takes, shared with the specs that act on jobs (same sign-in, same row lookups). */

// The machine may be busy (builds in parallel): give the UI time before calling it a failure.
export const expect = baseExpect.configure({ timeout: 15_000 })

export const rows = (page: Page) => page.getByTestId('queue-row')
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
export const rowNamed = (page: Page, name: string) =>
  rows(page).filter({ has: page.locator('.col-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) })
export const badge = (row: Locator) => row.getByTestId('status-badge')

/** Signs in to the built-in Sandbox through the Connections view, as the given user. */
export async function signIn(page: Page, hostUrl: string, user: 'admin' | 'reader'): Promise<void> {
  await page.goto(`${hostUrl}#/connections`)
  await expect(page.locator('#page-title')).toHaveText('Connections')
  const current = await page.evaluate(() => window.jobqueue.session.current())
  if (current.ok && current.value.status === 'connected' && current.value.session?.username === user) return
  if (current.ok && current.value.status === 'connected')
    await page.getByTestId('connection-disconnect-sandbox').click()
  const card = page.getByTestId('connection-sandbox')
  await card.getByTestId('sandbox-user').click()
  await page.getByRole('option', { name: new RegExp(`^${user} —`) }).click()
  await card.getByTestId('connection-connect-sandbox').click()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', { timeout: 30_000 })
}

/** Signs in and opens the queue, live. Notifications about my jobs stay off unless asked for. */
export async function openQueue(
  page: Page,
  hostUrl: string,
  user: 'admin' | 'reader',
  o: { query?: string; notify?: boolean } = {}
): Promise<void> {
  await signIn(page, hostUrl, user)
  const jobs: 'mine' | 'none' = o.notify ? 'mine' : 'none'
  await page.evaluate((jobs) => window.jobqueue.queue.setSettings({ jobs, native: false }), jobs)
  await page.goto(`${hostUrl}#/queue${o.query ?? ''}`)
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-tone', 'live', { timeout: 30_000 })
  await expect(rows(page).first()).toBeVisible()
}

/** The Server API as another client would use it (as admin), for jobs submitted outside the app. */
export async function serverApi(page: Page): Promise<GrantaClient> {
  const [state, users] = await page.evaluate(() =>
    Promise.all([window.jobqueue.session.current(), window.jobqueue.connections.sandboxUsers()])
  )
  if (!state.ok || !state.value.session) throw new Error('not connected')
  // The built-in sandbox's passwords are random per installation: read as Connections → Sandbox shows them.
  const admin = users.ok ? users.value.users.find((u) => u.username === 'admin') : undefined
  if (!admin) throw new Error('the sandbox shows no admin password')
  return connect({ url: state.value.session.url, auth: { kind: 'basic', username: 'admin', password: admin.password } })
}

/** A text import data file with `specimens` rows, written to a temp folder. */
export function textImportData(name: string, specimens: number): string {
  const lines = ['Counter,Build ID,Additional Test Notes,Project Name,Valid Test?,Time Offset,Crosshead Speed']
  for (let i = 1; i <= specimens; i++)
    lines.push(`$${i},${name}-${i},Notes,Project 52,true,${250000 + i},${(i % 90) + 10}.5`)
  const path = join(mkdtempSync(join(tmpdir(), 'jq-e2e-data-')), `${name}.txt`)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

export async function dismissToasts(page: Page): Promise<void> {
  for (const close of await page.locator('.p-toast-close-button').all()) await close.click().catch(() => {})
  await expect(page.locator('.p-toast-message')).toHaveCount(0)
}

/** Finds a job by its exact name with the search box and opens its view. */
export async function openJob(page: Page, name: string): Promise<void> {
  await page.getByTestId('filter-text').fill(name)
  await expect(page).toHaveURL(/[?&]q=/)
  const row = rowNamed(page, name)
  await expect(row).toHaveCount(1)
  await row.dblclick()
  await expect(page.getByTestId('job-view')).toBeVisible()
  await expect(page.getByTestId('job-name')).toHaveText(name)
}
