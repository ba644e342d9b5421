import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DROP_GRANT_CHANNEL, invokeChannelNames, type CallContext, type HandlerTable } from '../../../common/contract'
import type { Result } from '../../../common/errors'
import { createApp, type AppServices } from '../../../main/app'

/** ipcMain is mocked (main/ipc/electron.ts imports electron); the handler table and dispatch are the real ones. */
type Handler = (event: unknown, payload: unknown) => Promise<Result<unknown>>
const ipc = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
  listeners: new Map<string, (event: unknown, payload: unknown) => void>()
}))
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => {
      if (ipc.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      ipc.handlers.set(channel, fn)
    },
    removeHandler: (channel: string) => ipc.handlers.delete(channel),
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => ipc.listeners.set(channel, fn),
    removeListener: (channel: string) => ipc.listeners.delete(channel)
  }
}))
const { bindIpc } = await import('../../../main/ipc/electron')

interface FakeFrame {
  url: string
  parent: FakeFrame | null
  frameToken: string
}
const APP_URL = 'app://jobqueue/index.html'

function fakeWindow(id = 1) {
  const sent: [string, unknown][] = []
  const mainFrame: FakeFrame = { url: APP_URL, parent: null, frameToken: `main-${id}` }
  const webContents = { id, mainFrame, send: (c: string, p: unknown) => sent.push([c, p]), isDestroyed: () => false }
  return { sent, mainFrame, webContents, window: { webContents, isDestroyed: () => false } }
}

/** The event Electron passes to an ipcMain.handle listener. */
function eventFrom(contents: { id: number; mainFrame: FakeFrame }, frame: FakeFrame | null = contents.mainFrame) {
  return { sender: contents, senderFrame: frame, processId: 1, frameId: 1 }
}

let app: AppServices
let reached: string[]
let unbind: () => void
let win: ReturnType<typeof fakeWindow>
const logged: string[] = []

function countingTable(
  real: HandlerTable,
  overrides: Partial<Record<string, (input: unknown) => unknown>> = {}
): HandlerTable {
  return Object.fromEntries(
    invokeChannelNames.map((c) => {
      const fn = overrides[c] ?? (real[c] as (input: unknown, ctx: CallContext) => unknown)
      return [c, (input: unknown, ctx: CallContext) => (reached.push(c), fn(input, ctx))]
    })
  ) as unknown as HandlerTable
}

function bind(overrides: Partial<Record<string, (input: unknown) => unknown>> = {}, window: unknown = win.window) {
  const services: AppServices = { ...app, handlers: countingTable(app.handlers, overrides) }
  unbind = bindIpc({ app: services, window: () => window as never, log: (m) => logged.push(m) })
}

const invoke = (channel: string, event: unknown, payload?: unknown) => {
  const handler = ipc.handlers.get(channel) as Handler | undefined
  if (!handler) throw new Error(`no handler for ${channel}`)
  return handler(event, payload)
}

beforeEach(() => {
  app = createApp({ dataDir: mkdtempSync(join(tmpdir(), 'jq-ipc-')), host: 'electron' })
  reached = []
  logged.length = 0
  win = fakeWindow()
})
afterEach(async () => {
  unbind?.()
  await app.dispose()
})

describe('bindIpc', () => {
  it('registers one handler per invoke channel and removes them all on dispose', () => {
    bind()
    expect([...ipc.handlers.keys()].sort()).toEqual([...invokeChannelNames].sort())
    unbind()
    expect(ipc.handlers.size).toBe(0)
    bind()
  })

  it("answers the app's own main frame", async () => {
    bind()
    const result = await invoke('app.ping', eventFrom(win.webContents), { message: 'hi' })
    expect(result).toMatchObject({ ok: true, value: { message: 'hi' } })
    expect(await invoke('app.info', eventFrom(win.webContents))).toMatchObject({
      ok: true,
      value: { host: 'electron' }
    })
  })

  const refusals: [string, () => unknown][] = [
    [
      'a subframe of the app window',
      () => eventFrom(win.webContents, { url: APP_URL, parent: win.mainFrame, frameToken: 'sub' })
    ],
    [
      'a main frame showing a foreign origin',
      () =>
        eventFrom({
          ...win.webContents,
          mainFrame: { url: 'https://evil.example/', parent: null, frameToken: 'main-1' }
        })
    ],
    [
      'a frame on file://',
      () =>
        eventFrom({
          ...win.webContents,
          mainFrame: { url: 'file:///C:/app/index.html', parent: null, frameToken: 'main-1' }
        })
    ],
    [
      'a frame on another app:// host',
      () =>
        eventFrom({
          ...win.webContents,
          mainFrame: { url: 'app://evil/index.html', parent: null, frameToken: 'main-1' }
        })
    ],
    [
      'a top-level frame that is not the main frame (a fenced frame)',
      () => eventFrom(win.webContents, { url: APP_URL, parent: null, frameToken: 'fenced' })
    ],
    ['another web contents (another window)', () => eventFrom(fakeWindow(2).webContents)],
    ['a frame that is gone', () => eventFrom(win.webContents, null)],
    [
      'a sender whose frame throws when read',
      () => ({
        sender: win.webContents,
        get senderFrame(): never {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed')
        }
      })
    ]
  ]
  it.each(refusals)('refuses %s without reaching the handler', async (_what, makeEvent) => {
    bind()
    const result = await invoke('app.ping', makeEvent(), { message: 'hi' })
    expect(result).toMatchObject({ ok: false, error: { code: 'UntrustedSender' } })
    expect(reached).toEqual([])
  })

  it('refuses everyone while there is no window', async () => {
    bind({}, null)
    expect(await invoke('app.ping', eventFrom(win.webContents), { message: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'UntrustedSender' }
    })
  })

  it('answers a malformed payload with Validation and never reaches the handler', async () => {
    bind()
    for (const payload of [
      undefined,
      null,
      'hi',
      { message: 1 },
      { message: 'hi', extra: 1 },
      [],
      { message: 'x'.repeat(10_001) }
    ]) {
      expect(await invoke('app.ping', eventFrom(win.webContents), payload)).toMatchObject({
        ok: false,
        error: { code: 'Validation' }
      })
    }
    expect(await invoke('app.info', eventFrom(win.webContents), { unexpected: true })).toMatchObject({
      ok: false,
      error: { code: 'Validation' }
    })
    expect(reached).toEqual([])
  })

  it('turns a throwing handler into an Internal error value', async () => {
    bind({
      'app.ping': () => {
        throw new Error('kaboom')
      }
    })
    const result = await invoke('app.ping', eventFrom(win.webContents), { message: 'hi' })
    expect(result).toMatchObject({ ok: false, error: { code: 'Internal' } })
    expect(JSON.stringify(result)).not.toMatch(/\n\s+at /)
  })

  it('forwards EventBus events to the window, and stops after dispose', () => {
    bind()
    app.events.emit('app.notice', { level: 'warn', message: 'disk almost full' })
    expect(win.sent).toEqual([['app.notice', { level: 'warn', message: 'disk almost full' }]])
    unbind()
    app.events.emit('app.notice', { level: 'info', message: 'after' })
    expect(win.sent).toHaveLength(1)
    bind()
  })

  it("grants a file the preload reports as dropped, from the app's main frame only", async () => {
    bind()
    const dropped = join(mkdtempSync(join(tmpdir(), 'jq-drop-')), 'records.csv')
    writeFileSync(dropped, '10\n11\n')
    const drop = ipc.listeners.get(DROP_GRANT_CHANNEL)
    if (!drop) throw new Error('no drop listener')
    drop(eventFrom(fakeWindow(2).webContents), dropped)
    expect(app.grants.isGranted(dropped)).toBe(false)
    expect(logged.some((m) => /refused a dropped file/.test(m))).toBe(true)
    drop(eventFrom(win.webContents), '\\\\evil\\share\\x.csv')
    expect(app.grants.isGranted('\\\\evil\\share\\x.csv')).toBe(false)
    drop(eventFrom(win.webContents), dropped)
    expect(app.grants.isGranted(dropped)).toBe(true)
    expect(await invoke('files.readRecordList', eventFrom(win.webContents), { path: dropped })).toMatchObject({
      ok: true,
      value: { records: [{ historyIdentity: 10 }, { historyIdentity: 11 }] }
    })
    unbind()
    expect(ipc.listeners.has(DROP_GRANT_CHANNEL)).toBe(false)
    bind()
  })
})
