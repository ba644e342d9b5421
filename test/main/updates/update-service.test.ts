import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { UpdateStatus } from '../../../common/channels/app'
import { nodeUpdateEngine } from '../../../main/updates/node-engine'
import { UpdateService } from '../../../main/updates/update-service'
import { latestYml, sha512Base64, standInInstaller, startFeedServer, type FeedServer } from '../../helpers/feed-server'
import { testLogger } from '../../helpers/logger'
import { arrayContaining } from '../../helpers/match'
import { ManualClock } from '../../helpers/manual-clock'
import { until } from '../../helpers/until'

/** The update service with the plain-Node engine against a real static server on 127.0.0.1 holding a feed. */
let server: FeedServer
let dir: string
let statuses: UpdateStatus[]
let ready: UpdateStatus[]
let engines: number

beforeEach(async () => {
  server = await startFeedServer()
  dir = mkdtempSync(join(tmpdir(), 'jq-updates-'))
  statuses = []
  ready = []
  engines = 0
})
afterEach(() => server.close())

function service(feedUrl: string | null, o: { currentVersion?: string; clock?: ManualClock } = {}) {
  const engine = nodeUpdateEngine({ dir, logger: testLogger(), timeoutMs: 5_000 })
  return new UpdateService({
    currentVersion: o.currentVersion ?? '0.1.0',
    feedUrl: () => Promise.resolve(feedUrl),
    engine: (feed) => (engines++, engine(feed)),
    clock: o.clock ?? new ManualClock(),
    logger: testLogger(),
    onStatus: (s) => statuses.push(s),
    onReady: (s) => ready.push(s),
    progressEveryMs: 0
  })
}

/** Publishes `body` as version `version` in /jq/ with latest.yml describing it (or describing `described`). */
function publish(version: string, body: Buffer, o: { described?: Buffer; url?: string; size?: number } = {}) {
  const url = o.url ?? `JobQueue-Desktop-Setup-${version}.exe`
  server.put(`jq/${url}`, body)
  server.put('jq/latest.yml', latestYml({ version, url, body: o.described ?? body, size: o.size }))
}

const feed = () => `${server.url}jq`

describe('the update service, plain Node, against a static server', () => {
  it('finds a newer version, downloads it and checks its SHA-512, then says it is ready', async () => {
    const installer = standInInstaller()
    publish('0.2.0', installer)
    const updates = service(feed())
    expect(await updates.current()).toMatchObject({ state: 'idle', server: `${server.url}jq/`, canInstall: false })

    const checked = await updates.check()
    expect(checked).toMatchObject({ state: 'downloading', version: '0.2.0' })
    await updates.settled()

    const done = await updates.current()
    expect(done).toMatchObject({ state: 'ready', version: '0.2.0', progress: null, currentVersion: '0.1.0' })
    expect(done.message).toContain('Version 0.2.0 was downloaded and verified')
    expect(done.message).toContain('browser host cannot install')
    expect(ready).toHaveLength(1)
    expect(statuses.map((s) => s.state)).toEqual(
      arrayContaining(['idle', 'checking', 'available', 'downloading', 'ready'])
    )
    const progress = statuses.filter((s) => s.state === 'downloading' && s.progress).map((s) => s.progress)
    expect(progress.at(-1)).toEqual({ transferred: installer.length, total: installer.length })

    const saved = join(dir, 'JobQueue-Desktop-Setup-0.2.0.exe')
    expect(sha512Base64(readFileSync(saved))).toBe(sha512Base64(installer))
    expect(readdirSync(dir)).toEqual(['JobQueue-Desktop-Setup-0.2.0.exe'])
    // Ready stays ready: a second check asks nothing.
    const asked = server.requested.length
    expect((await updates.check()).state).toBe('ready')
    expect(server.requested.length).toBe(asked)
  })

  it('refuses an installer whose bytes do not match the published SHA-512, and keeps nothing', async () => {
    const installer = standInInstaller()
    const tampered = Buffer.from(installer)
    tampered[1000] = (tampered[1000] ?? 0) ^ 0xff
    publish('0.2.0', tampered, { described: installer })
    const updates = service(feed())
    await updates.check()
    await updates.settled()
    const status = await updates.current()
    expect(status.state).toBe('error')
    expect(status.message).toContain('does not match its published checksum')
    expect(status.message).toContain('deleted it and installs nothing')
    expect(ready).toEqual([])
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses an installer longer than latest.yml says, as soon as the extra byte arrives', async () => {
    const installer = standInInstaller()
    publish('0.2.0', Buffer.concat([installer, Buffer.from('extra')]), { described: installer })
    const updates = service(feed())
    await updates.check()
    await updates.settled()
    const status = await updates.current()
    expect(status).toMatchObject({ state: 'error' })
    expect(status.message).toMatch(/sent a file larger than expected|is larger than the \d+ bytes/)
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses an installer shorter than latest.yml says', async () => {
    const installer = standInInstaller()
    publish('0.2.0', installer.subarray(0, 1000), { described: installer, size: installer.length })
    const updates = service(feed())
    await updates.check()
    await updates.settled()
    const status = await updates.current()
    expect(status.state).toBe('error')
    expect(status.message).toContain(`ended after 1000 of ${installer.length} bytes`)
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses a link that leaves the feed folder, without fetching it', async () => {
    const installer = standInInstaller(1000)
    server.put('elsewhere/evil.exe', installer)
    server.put('jq/latest.yml', latestYml({ version: '0.2.0', url: '../elsewhere/evil.exe', body: installer }))
    const updates = service(feed())
    const status = await updates.check()
    expect(status.state).toBe('error')
    expect(status.message).toContain('lies outside the update folder')
    expect(server.requested).not.toContain('/elsewhere/evil.exe')
  })

  it.each([
    ['the same version', '0.1.0'],
    ['an older version', '0.0.9']
  ])('says "up to date" when the feed offers %s, and downloads nothing', async (_what, version) => {
    publish(version, standInInstaller(1000))
    const updates = service(feed())
    const status = await updates.check()
    expect(status).toMatchObject({ state: 'idle', version: null, message: 'JobQueue Desktop 0.1.0 is up to date.' })
    expect(status.checkedAt).toBe('2026-11-28T12:00:00.000Z')
    expect(server.requested).toEqual(['/jq/latest.yml'])
    expect(readdirSync(dir)).toEqual([])
  })

  it('says clearly when the update server cannot be reached, and a later check may try again', async () => {
    publish('0.1.0', standInInstaller(1000))
    const updates = service(feed())
    await updates.current()
    await server.close()
    const status = await updates.check()
    expect(status.state).toBe('error')
    expect(status.message).toMatch(
      /^Could not reach the update server at 127\.0\.0\.1:\d+: it refused the connection\. Check your network connection/
    )
    expect(status.message).toContain('tell your IT department')
    expect((await updates.check()).state).toBe('error')
    expect(statuses.filter((s) => s.state === 'checking')).toHaveLength(2)
  })

  it('says when the folder holds no latest.yml', async () => {
    const status = await service(feed()).check()
    expect(status.state).toBe('error')
    expect(status.message).toContain('has no latest.yml in /jq/. Check the UpdateUrl policy.')
  })

  it('says when latest.yml is not one it can use', async () => {
    server.put('jq/latest.yml', 'version: 0.2.0\nfiles:\n  - url: x.exe\n    size: 10\n')
    const status = await service(feed()).check()
    expect(status.state).toBe('error')
    expect(status.message).toContain('sent an update list (latest.yml) that JobQueue Desktop cannot use')
    expect(status.message).toContain('files.0.sha512')
  })

  it('is off without an update server, and never builds an engine or asks anything', async () => {
    const updates = service(null)
    expect(await updates.current()).toMatchObject({ state: 'disabled', server: null, canInstall: false })
    expect((await updates.current()).message).toContain('UpdateUrl policy')
    expect((await updates.check()).state).toBe('disabled')
    expect(engines).toBe(0)
    expect(server.requested).toEqual([])
    expect(() => updates.restartToUpdate()).toThrow('No update is ready')
  })

  it('is off when the update server is plain http (other than 127.0.0.1)', async () => {
    const updates = service('http://updates.example/jq/')
    expect(await updates.current()).toMatchObject({ state: 'disabled', server: null })
    expect((await updates.current()).message).toContain('not an https:// address')
    expect(engines).toBe(0)
  })

  it('checks by itself when asked to, after the first delay and then periodically', async () => {
    publish('0.1.0', standInInstaller(1000))
    const clock = new ManualClock()
    const engine = nodeUpdateEngine({ dir, logger: testLogger() })
    const updates = new UpdateService({
      currentVersion: '0.1.0',
      feedUrl: () => Promise.resolve(feed()),
      engine,
      clock,
      logger: testLogger(),
      onStatus: (s) => statuses.push(s),
      onReady: () => {},
      autoCheck: { firstAfterMs: 60_000, everyMs: 3_600_000 }
    })
    await updates.current()
    await clock.advanceAsync(59_000)
    expect(server.requested).toEqual([])
    await clock.advanceAsync(1_000)
    await until(() => statuses.some((s) => s.checkedAt !== null), 'the first automatic check')
    expect(server.requested).toEqual(['/jq/latest.yml'])
    expect(clock.nextIn()).toBe(3_600_000)
    updates.dispose()
    expect(clock.pending).toBe(0)
  })
})
