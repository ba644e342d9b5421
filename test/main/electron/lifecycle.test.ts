import { EventEmitter } from 'node:events'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DraftService } from '../../../main/drafts/draft-service'
import { DraftExchange } from '../../../main/drafts/exchange'
import { copyAssets, textImport } from '../drafts/helpers/files'

/**
 * main/index.ts with a fake Electron: the single-instance lock, the order of start-up, a second instance
 * focusing the window, and a quit that waits for the services to shut down.
 */
const fake = vi.hoisted(() => {
  const menu: { template: unknown } = { template: [] }
  return {
    lock: true,
    calls: [] as string[],
    app: null as unknown as EventEmitter & Record<string, unknown>,
    windows: [] as { focused: number; restored: number; minimized: boolean; listeners: Map<string, () => void> }[],
    protocols: new Map<string, unknown>(),
    ipcChannels: new Set<string>(),
    userData: '',
    packaged: true,
    menu
  }
})

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: () => (fake.calls.push('lock'), fake.lock),
    quit: () => fake.calls.push('quit'),
    exit: (code: number) => fake.calls.push(`exit ${code}`),
    whenReady: () => Promise.resolve(void fake.calls.push('ready')),
    enableSandbox: () => fake.calls.push('enableSandbox'),
    setAppUserModelId: (id: string) => fake.calls.push(`appUserModelId ${id}`),
    getPath: (name: string) => (name === 'userData' ? fake.userData : '/nowhere'),
    getFileIcon: () => Promise.resolve('icon'),
    setUserTasks: () => true
  })
  // A getter (Object.assign would copy its first value): each start reads the test's current choice.
  Object.defineProperty(app, 'isPackaged', { get: () => fake.packaged })
  fake.app = app as never
  class BrowserWindow {
    focused = 0
    restored = 0
    minimized = true
    listeners = new Map<string, () => void>()
    webContents = { id: 1, isDestroyed: () => false, send: () => {} }
    constructor() {
      fake.windows.push(this)
      fake.calls.push('window')
    }
    on(e: string, fn: () => void) {
      this.listeners.set(e, fn)
      return this
    }
    once(e: string, fn: () => void) {
      return this.on(e, fn)
    }
    isMinimized() {
      return this.minimized
    }
    isDestroyed() {
      return false
    }
    restore() {
      this.restored++
    }
    show() {}
    setProgressBar() {}
    focus() {
      this.focused++
    }
    maximize() {}
    loadURL(url: string) {
      fake.calls.push(`load ${url}`)
      return Promise.resolve()
    }
  }
  return {
    app,
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    protocol: { registerSchemesAsPrivileged: () => fake.calls.push('registerScheme') },
    session: {
      defaultSession: {
        protocol: { handle: (scheme: string, h: unknown) => fake.protocols.set(scheme, h) },
        setPermissionRequestHandler: () => fake.calls.push('permissions'),
        setPermissionCheckHandler: () => fake.calls.push('permission checks'),
        setDevicePermissionHandler: () => fake.calls.push('device permissions')
      }
    },
    ipcMain: {
      handle: (c: string) => fake.ipcChannels.add(c),
      removeHandler: (c: string) => fake.ipcChannels.delete(c),
      on: (c: string) => fake.ipcChannels.add(c),
      removeListener: (c: string) => fake.ipcChannels.delete(c)
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: { template: unknown }) => {
        fake.menu = menu
        fake.calls.push('menu')
      }
    },
    Tray: class {
      on() {}
      setToolTip() {}
      setContextMenu() {}
      isDestroyed() {
        return false
      }
      destroy() {}
    },
    dialog: {},
    shell: {},
    Notification: class {}
  }
})

async function startMain(): Promise<void> {
  fake.app?.removeAllListeners()
  vi.resetModules()
  fake.calls.length = 0
  fake.windows.length = 0
  fake.ipcChannels.clear()
  fake.userData = mkdtempSync(join(tmpdir(), 'jq-life-'))
  await import('../../../main/index')
}

/** Start-up is a chain of promises; wait until the window has loaded. */
async function windowLoaded(): Promise<void> {
  await vi.waitFor(() => expect(fake.calls.some((c) => c.startsWith('load '))).toBe(true))
}

describe('main/index.ts', () => {
  beforeEach(() => {
    fake.lock = true
    fake.packaged = true
  })
  afterEach(async () => {
    // Shut the services of this start down.
    if (fake.lock && fake.app.listenerCount('will-quit') > 0) {
      fake.app.emit('will-quit', { preventDefault: () => {} })
      await vi.waitFor(() => expect(fake.calls.at(-1)).toBe('quit'))
    }
  })

  it('quits at once when another instance holds the lock', async () => {
    fake.lock = false
    await startMain()
    expect(fake.calls).toEqual(['lock', 'quit'])
  })

  it('registers the app scheme and the sandbox before ready, then serves, binds IPC and loads the app', async () => {
    await startMain()
    await windowLoaded()
    const order = fake.calls.filter((c) => !c.startsWith('appUserModelId'))
    expect(order.indexOf('registerScheme')).toBeLessThan(order.indexOf('ready'))
    expect(order.indexOf('enableSandbox')).toBeLessThan(order.indexOf('ready'))
    expect(order.indexOf('permissions')).toBeGreaterThan(order.indexOf('ready'))
    expect(order.at(-1)).toBe('load app://jobqueue/index.html')
    expect(fake.protocols.has('app')).toBe(true)
    expect(fake.ipcChannels.has('app.info')).toBe(true)
  })

  it('installs the three permission handlers and the hardening of every web contents the app creates', async () => {
    await startMain()
    await windowLoaded()
    for (const c of ['permissions', 'permission checks', 'device permissions']) expect(fake.calls).toContain(c)
    expect(fake.app.listenerCount('web-contents-created')).toBe(1)
    class Contents extends EventEmitter {
      openHandler: unknown = null
      setWindowOpenHandler(h: unknown) {
        this.openHandler = h
      }
    }
    const contents = new Contents()
    fake.app.emit('web-contents-created', {}, contents)
    expect(contents.openHandler).toBeTypeOf('function')
    for (const e of ['will-navigate', 'will-redirect', 'will-attach-webview', 'devtools-opened'])
      expect(contents.listenerCount(e), e).toBe(1)
  })

  it('a packaged build has no Reload or Developer Tools in its menu; a developer build has them', async () => {
    const rolesIn = (menu: unknown): string[] => {
      const walk = (items: { role?: string; submenu?: unknown[] }[]): string[] =>
        items.flatMap((i) => [...(i.role ? [i.role] : []), ...walk((i.submenu ?? []) as typeof items)])
      return walk((menu as { template: { role?: string; submenu?: unknown[] }[] }).template)
    }
    await startMain()
    await windowLoaded()
    expect(rolesIn(fake.menu)).toEqual(expect.arrayContaining(['copy', 'paste', 'quit']))
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(rolesIn(fake.menu)).not.toContain(role)
    fake.app.emit('will-quit', { preventDefault: () => {} })
    await vi.waitFor(() => expect(fake.calls.at(-1)).toBe('quit'))

    fake.packaged = false
    await startMain()
    await windowLoaded()
    expect(rolesIn(fake.menu)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']))
  })

  it('brings the existing window forward when a second instance starts', async () => {
    await startMain()
    await windowLoaded()
    fake.app.emit('second-instance', {}, ['JobQueue Desktop.exe'], '/')
    expect(fake.windows[0]).toMatchObject({ restored: 1, focused: 1 })
  })

  it('a jump list task in a second instance tells the window to open its page; a hostile one is ignored', async () => {
    await startMain()
    await windowLoaded()
    const window = fake.windows[0] as unknown as { webContents: { send: (...a: unknown[]) => void } }
    const sent: unknown[][] = []
    window.webContents.send = (...a: unknown[]) => void sent.push(a)
    fake.app.emit('second-instance', {}, ['JobQueue Desktop.exe', '--open=https://evil.example/'])
    fake.app.emit('second-instance', {}, ['JobQueue Desktop.exe', '--open=/new/excel'])
    await vi.waitFor(() => expect(JSON.stringify(sent)).toContain('new/excel'))
    expect(JSON.stringify(sent)).not.toContain('evil')
  })

  it('waits for the services to shut down before quitting, and unbinds IPC', async () => {
    await startMain()
    await windowLoaded()
    let prevented = false
    fake.app.emit('will-quit', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
    await vi.waitFor(() => expect(fake.calls.at(-1)).toBe('quit'))
    expect(fake.ipcChannels.size).toBe(0)
    // The second will-quit (from that quit) goes through.
    let preventedAgain = false
    fake.app.emit('will-quit', { preventDefault: () => (preventedAgain = true) })
    expect(preventedAgain).toBe(false)
  })

  it('opens the .jqdraft files of its own command line and of a second start (the file association, --import)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-life-drafts-'))
    const drafts = new DraftService({ dataDir: dir })
    const exchange = new DraftExchange(drafts)
    const request = (name: string) => textImport(copyAssets(['text_import_template.xml', 'example_data.txt']), name)
    const first = (await exchange.export((await drafts.create(request('First start'))).id, join(dir, 'first'))).path
    const second = (await exchange.export((await drafts.create(request('Second start'))).id, join(dir, 'second'))).path
    await drafts.dispose()
    const logged = () =>
      readdirSync(join(fake.userData, 'logs'))
        .map((f) => readFileSync(join(fake.userData, 'logs', f), 'utf8'))
        .join('\n')

    process.argv.push(first)
    try {
      await startMain()
      await windowLoaded()
      await vi.waitFor(() => expect(logged()).toContain('opened the draft file first.jqdraft'))
    } finally {
      process.argv.splice(process.argv.indexOf(first), 1)
    }
    fake.app.emit('second-instance', {}, ['JobQueue Desktop.exe', '--import', basename(second)], dir)
    await vi.waitFor(() => expect(logged()).toContain('opened the draft file second.jqdraft'))
    expect(fake.windows[0]).toMatchObject({ focused: 1 })
  })
})
