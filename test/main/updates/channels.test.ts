import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventChannel } from '../../../common/contract'
import { createApp, type AppServices } from '../../../main/app'
import { EventBus } from '../../../main/events'
import { createDispatch } from '../../../main/ipc/dispatch'
import { createUpdates } from '../../../main/updates'
import { latestYml, standInInstaller, startFeedServer, type FeedServer } from '../../helpers/feed-server'
import { testLogger } from '../../helpers/logger'
import { arrayContaining, stringContaining } from '../../helpers/match'
import { ManualClock } from '../../helpers/manual-clock'
import { until } from '../../helpers/until'

/** app.updateStatus, app.checkForUpdates and app.restartToUpdate through the dispatcher, as the renderer calls them. */
let app: AppServices
let server: FeedServer
const ctx = { transport: 'browser' } as const

beforeEach(async () => {
  app = createApp({
    dataDir: mkdtempSync(join(tmpdir(), 'jq-app-')),
    host: 'browser',
    reconnectOnStart: false,
    logger: testLogger()
  })
  server = await startFeedServer()
})
afterEach(async () => {
  await app.dispose()
  await server.close()
})

describe('the update channels', () => {
  it('report updates off in an app with no UpdateUrl policy, and refuse to restart', async () => {
    const dispatch = createDispatch(app.handlers, testLogger())
    expect(await dispatch('app.updateStatus', undefined, ctx)).toMatchObject({
      ok: true,
      value: { state: 'disabled', server: null, version: null, canInstall: false }
    })
    expect(await dispatch('app.checkForUpdates', undefined, ctx)).toMatchObject({
      ok: true,
      value: { state: 'disabled' }
    })
    expect(await dispatch('app.restartToUpdate', undefined, ctx)).toMatchObject({
      ok: false,
      error: { code: 'Conflict', message: 'No update is ready to install yet. Check for updates first.' }
    })
  })

  it('find, download and verify an update, send status events and one notice, and say the browser host cannot install', async () => {
    const installer = standInInstaller()
    server.put('feed/JobQueue-Desktop-Setup-9.0.0.exe', installer)
    server.put(
      'feed/latest.yml',
      latestYml({ version: '9.0.0', url: 'JobQueue-Desktop-Setup-9.0.0.exe', body: installer })
    )
    const events = new EventBus()
    const seen: { event: EventChannel; payload: unknown }[] = []
    events.subscribe((event, payload) => seen.push({ event, payload }))
    const updates = createUpdates({
      dataDir: mkdtempSync(join(tmpdir(), 'jq-app-')),
      currentVersion: '0.1.0',
      feedUrl: () => Promise.resolve(`${server.url}feed/`),
      autoCheck: false,
      events,
      clock: new ManualClock(),
      logger: testLogger()
    })
    const dispatch = createDispatch({ ...app.handlers, ...updates.handlers }, testLogger())

    expect(await dispatch('app.checkForUpdates', undefined, ctx)).toMatchObject({
      ok: true,
      value: { state: 'downloading', version: '9.0.0' }
    })
    await until(() => seen.some((e) => e.event === 'app.notice'), 'the ready notice')
    expect(await dispatch('app.updateStatus', undefined, ctx)).toMatchObject({ ok: true, value: { state: 'ready' } })
    const states = seen
      .filter((e) => e.event === 'app.updateStatusChanged')
      .map((e) => (e.payload as { state: string }).state)
    expect(states).toEqual(arrayContaining(['checking', 'available', 'downloading', 'ready']))
    const notices = seen.filter((e) => e.event === 'app.notice').map((e) => e.payload)
    expect(notices).toEqual([{ level: 'info', message: stringContaining('Version 9.0.0 was downloaded and verified') }])
    expect(await dispatch('app.restartToUpdate', undefined, ctx)).toMatchObject({
      ok: false,
      error: { code: 'Forbidden', message: stringContaining('The browser host cannot install updates') }
    })
    updates.service.dispose()
  })
})
