import { existsSync, mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import type { JobQueueFacade } from '../../common/contract'

/**
 * Launches the built app (`npm run test:electron` builds it first) in the real Electron binary, waits for the
 * window, calls app.info through the real preload and closes. Where the binary was never downloaded
 * (ELECTRON_SKIP_BINARY_DOWNLOAD=1) it is skipped, and says so.
 */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

const binary = electronBinary()
const SKIP_REASON =
  'Electron smoke test skipped: the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1); run it where it is.'

test('the built app opens its window and answers app.info through the preload', async () => {
  if (!binary) {
    console.log(SKIP_REASON)
    test.skip(true, SKIP_REASON)
    return
  }
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  const app = await electron.launch({
    executablePath: binary,
    args: [resolve('.'), `--user-data-dir=${mkdtempSync(join(tmpdir(), 'jq-electron-'))}`],
    env: env as Record<string, string>
  })
  try {
    const page = await app.firstWindow()
    await expect(page).toHaveURL(/^app:\/\/jobqueue\//)
    const info = await page.evaluate(() => (globalThis as unknown as { jobqueue: JobQueueFacade }).jobqueue.app.info())
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', name: 'JobQueue Desktop' } })
    // The renderer gets the facade and nothing of Node.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
  } finally {
    await app.close()
  }
})
