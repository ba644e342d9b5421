import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { UpdateStatus } from '../../../common/channels/app'
import { UpdateService } from '../../../main/updates/update-service'
import { testLogger } from '../../helpers/logger'
import { ManualClock } from '../../helpers/manual-clock'
import { sha512Base64 } from '../../helpers/feed-server'

/** main/updater.ts (a shell file) over a mocked electron-updater: what it configures and how its events become status. */
const fake = vi.hoisted(() => ({
  feeds: [] as unknown[],
  checks: 0,
  downloads: 0,
  installs: [] as unknown[][],
  check: null as null | (() => Promise<unknown>),
  download: null as null | (() => Promise<unknown>)
}))
vi.mock('electron', () => ({ app: { isPackaged: true } }))
vi.mock('electron-updater', async () => {
  const { EventEmitter } = await import('node:events')
  class FakeUpdater extends EventEmitter {
    autoDownload = true
    autoInstallOnAppQuit = false
    allowDowngrade = true
    logger: unknown = null
    setFeedURL(options: unknown) {
      fake.feeds.push(options)
    }
    checkForUpdates() {
      fake.checks++
      return fake.check ? fake.check() : Promise.resolve(null)
    }
    downloadUpdate() {
      fake.downloads++
      return fake.download ? fake.download() : Promise.resolve([])
    }
    quitAndInstall(...args: unknown[]) {
      fake.installs.push(args)
    }
  }
  // As Node's ESM loader sees the CommonJS package: only a default export (main/updater.ts must not use a named one).
  return { default: { autoUpdater: new FakeUpdater() } }
})
const { autoUpdater } = (await import('electron-updater')).default
const { electronUpdateEngine } = await import('../../../main/updater')

const body = Buffer.from('stand-in installer')
const info = (version: string, url = `JobQueue-Desktop-Setup-${version}.exe`) => ({
  version,
  files: [{ url, sha512: sha512Base64(body), size: body.length }],
  path: url,
  sha512: sha512Base64(body),
  releaseDate: '2026-12-01T10:00:00.000Z'
})
let statuses: UpdateStatus[]
const service = (feedUrl: string | null) =>
  new UpdateService({
    currentVersion: '0.1.0',
    feedUrl: () => Promise.resolve(feedUrl),
    engine: electronUpdateEngine(testLogger()),
    clock: new ManualClock(),
    logger: testLogger(),
    onStatus: (s) => statuses.push(s),
    onReady: () => {},
    progressEveryMs: 0
  })

beforeEach(() => {
  Object.assign(fake, { feeds: [], checks: 0, downloads: 0, installs: [], check: null, download: null })
  statuses = []
  autoUpdater.removeAllListeners()
})
afterEach(() => vi.unstubAllEnvs())

describe('the Electron updater', () => {
  it('configures the generic provider on the folder IT set, with downloads after our feed check and install on quit', async () => {
    const status = await service('https://updates.example/apps/jq').current()
    expect(fake.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example/apps/jq/' }])
    expect(autoUpdater.autoInstallOnAppQuit).toBe(true)
    expect(autoUpdater.autoDownload).toBe(false)
    expect(autoUpdater.allowDowngrade).toBe(false)
    expect(autoUpdater.logger).not.toBeNull()
    expect(status).toMatchObject({ state: 'idle', canInstall: true, server: 'https://updates.example/apps/jq/' })
  })

  it('does nothing without an update server: no feed set, no check', async () => {
    const updates = service(null)
    expect((await updates.check()).state).toBe('disabled')
    expect(fake.feeds).toEqual([])
    expect(fake.checks).toBe(0)
  })

  it('maps download-progress and the finished download to status, and restarts to install on request', async () => {
    fake.check = () => Promise.resolve({ isUpdateAvailable: true, updateInfo: info('0.2.0') })
    fake.download = async () => {
      autoUpdater.emit('download-progress', { transferred: 6, total: 18, percent: 33, bytesPerSecond: 1, delta: 6 })
      autoUpdater.emit('download-progress', { transferred: 18, total: 18, percent: 100, bytesPerSecond: 1, delta: 12 })
      autoUpdater.emit('update-downloaded', { ...info('0.2.0'), downloadedFile: 'C:\\x.exe' })
      return Promise.resolve(['C:\\x.exe'])
    }
    const updates = service('https://updates.example/jq/')
    await updates.check()
    await updates.settled()
    expect(fake.downloads).toBe(1)
    const progress = statuses.filter((s) => s.state === 'downloading').map((s) => s.progress)
    expect(progress).toEqual([
      { transferred: 0, total: 18 },
      { transferred: 6, total: 18 },
      { transferred: 18, total: 18 }
    ])
    const ready = await updates.current()
    expect(ready).toMatchObject({ state: 'ready', version: '0.2.0', canInstall: true })
    expect(ready.message).toBe(
      'Version 0.2.0 is ready. Restart to update now, or it installs when you quit JobQueue Desktop.'
    )
    expect(autoUpdater.listenerCount('download-progress')).toBe(0)
    expect(updates.restartToUpdate()).toBeNull()
    expect(fake.installs).toEqual([[false, true]])
  })

  it('is up to date when electron-updater offers nothing newer', async () => {
    fake.check = () => Promise.resolve({ isUpdateAvailable: false, updateInfo: info('0.1.0') })
    const status = await service('https://updates.example/jq/').check()
    expect(status).toMatchObject({ state: 'idle', message: 'JobQueue Desktop 0.1.0 is up to date.' })
    expect(fake.downloads).toBe(0)
  })

  it('never downloads when the feed links outside its folder or over http', async () => {
    for (const url of ['../other/Setup.exe', 'http://updates.example/jq/Setup.exe']) {
      fake.check = () => Promise.resolve({ isUpdateAvailable: true, updateInfo: info('0.2.0', url) })
      const status = await service('https://updates.example/jq/').check()
      expect(status.state).toBe('error')
      expect(status.message).toContain('so JobQueue Desktop refused it')
    }
    expect(fake.downloads).toBe(0)
  })

  it.each([
    [
      'an unreachable server',
      'check',
      new Error('net::ERR_NAME_NOT_RESOLVED'),
      'Could not reach the update server at updates.example (ERR_NAME_NOT_RESOLVED).'
    ],
    [
      'a missing latest.yml',
      'check',
      Object.assign(new Error('Cannot find channel "latest.yml" update info: HttpError: 404'), {
        code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND'
      }),
      'The update server at updates.example has no latest.yml in /jq/.'
    ],
    [
      'a checksum mismatch',
      'download',
      Object.assign(new Error('sha512 checksum mismatch'), { code: 'ERR_CHECKSUM_MISMATCH' }),
      'does not match its published checksum or signature, so JobQueue Desktop refused it'
    ]
  ])('says what went wrong on %s', async (_what, step, error, message) => {
    fake.check =
      step === 'check'
        ? () => Promise.reject(error)
        : () => Promise.resolve({ isUpdateAvailable: true, updateInfo: info('0.2.0') })
    fake.download = () => Promise.reject(error)
    const updates = service('https://updates.example/jq/')
    await updates.check()
    await updates.settled()
    const status = await updates.current()
    expect(status.state).toBe('error')
    expect(status.message).toContain(message)
  })

  it('is off in a copy that does not update itself: not packaged (electron-updater answers null) or portable', async () => {
    expect((await service('https://updates.example/jq/').check()).message).toContain('does not update itself')
    expect(fake.checks).toBe(1)
    vi.stubEnv('PORTABLE_EXECUTABLE_DIR', 'C:\\Tools')
    expect((await service('https://updates.example/jq/').check()).state).toBe('disabled')
    expect(fake.checks).toBe(1)
  })
})
