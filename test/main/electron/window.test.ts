import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { APP_START_URL } from '../../../main/app-protocol'
import { DEFAULT_WINDOW_STATE, WindowStateStore } from '../../../main/window-state'
import { testLogger } from '../../helpers/logger'

/** Electron is mocked here (and only in test/main/electron): window.ts is one of the four files that import it. */
const fake = vi.hoisted(() => {
  const windows: FakeWindow[] = []
  class FakeWindow {
    options: unknown
    bounds = { x: 0, y: 0, width: 0, height: 0 }
    maximized = false
    loaded: string | null = null
    listeners = new Map<string, ((...args: unknown[]) => void)[]>()
    constructor(options: { x?: number; y?: number; width: number; height: number }) {
      this.options = options
      this.bounds = { x: options.x ?? 10, y: options.y ?? 10, width: options.width, height: options.height }
      windows.push(this)
    }
    on(event: string, fn: (...args: unknown[]) => void) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn])
      return this
    }
    once(event: string, fn: (...args: unknown[]) => void) {
      return this.on(event, fn)
    }
    emit(event: string) {
      for (const fn of this.listeners.get(event) ?? []) fn()
    }
    maximize() {
      this.maximized = true
    }
    isMaximized() {
      return this.maximized
    }
    getNormalBounds() {
      return this.bounds
    }
    loadURL(url: string) {
      this.loaded = url
      return Promise.resolve()
    }
  }
  return {
    windows,
    FakeWindow,
    displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
    privileged: [] as unknown[]
  }
})

vi.mock('electron', () => ({
  BrowserWindow: fake.FakeWindow,
  screen: { getAllDisplays: () => fake.displays },
  protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes) }
}))

const { windowOptions, hardenWebContents, denyAllPermissions, registerAppScheme, serveRenderer, createMainWindow } =
  await import('../../../main/window')

type Prefs = Record<string, unknown>

describe('windowOptions', () => {
  const options = windowOptions({ preloadPath: '/app/out/preload/index.cjs', state: DEFAULT_WINDOW_STATE })
  const prefs = options.webPreferences as Prefs

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false]
  ])('sets %s to %s', (key, value) => {
    expect(prefs[key]).toBe(value)
  })

  it('loads the CommonJS preload and enables no extra Blink features', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
    expect(prefs.enableBlinkFeatures).toBeUndefined()
    expect(prefs.additionalArguments).toBeUndefined()
  })

  it('opens hidden (shown when ready) and centred when no position was saved', () => {
    expect(options.show).toBe(false)
    expect(options.center).toBe(true)
    expect(options.x).toBeUndefined()
  })

  it('uses a saved position', () => {
    const o = windowOptions({ preloadPath: 'p', state: { x: 5, y: 6, width: 1000, height: 700, maximized: false } })
    expect([o.x, o.y, o.width, o.height, o.center]).toEqual([5, 6, 1000, 700, undefined])
  })
})

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null
  devToolsClosed = 0
  closeDevTools() {
    this.devToolsClosed++
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler
  }
  /** Emits an Electron-style event and says whether a listener prevented it. */
  fire(name: string, url = ''): boolean {
    let prevented = false
    this.emit(name, { url, preventDefault: () => (prevented = true) })
    return prevented
  }
}

describe('hardenWebContents', () => {
  let contents: FakeContents
  let opened: string[]
  beforeEach(() => {
    contents = new FakeContents()
    opened = []
    hardenWebContents(contents as never, (url) => opened.push(url))
  })

  it('denies every new window and opens only https links in the browser', () => {
    const urls = [
      'https://www.ansys.com/products/materials',
      'http://insecure.example/',
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'app://jobqueue/index.html',
      'ms-msdt:/id PCWDiagnostic',
      'https://user:pass@example.com/',
      'not a url'
    ]
    for (const url of urls) expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://www.ansys.com/products/materials'])
  })

  it('blocks every navigation, the app itself included; https links go to the browser instead', () => {
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(contents.fire('will-navigate', 'app://jobqueue/other.html')).toBe(true)
    expect(opened).toEqual(['https://evil.example/'])
  })

  it('closes Developer Tools opened in a packaged build; a developer build keeps them', () => {
    contents.emit('devtools-opened')
    expect(contents.devToolsClosed).toBe(1)
    const dev = new FakeContents()
    hardenWebContents(dev as never, () => {}, { packaged: false })
    dev.emit('devtools-opened')
    expect(dev.devToolsClosed).toBe(0)
  })

  it('blocks redirects away from the app and every <webview>', () => {
    expect(contents.fire('will-redirect', 'https://evil.example/')).toBe(true)
    expect(contents.fire('will-redirect', 'app://jobqueue/index.html')).toBe(false)
    expect(contents.fire('will-attach-webview')).toBe(true)
  })
})

describe('denyAllPermissions', () => {
  it('denies every permission request and every permission check', () => {
    type RequestHandler = (c: unknown, p: string, cb: (granted: boolean) => void) => void
    const handlers: {
      request?: RequestHandler
      check?: (...a: unknown[]) => boolean
      device?: (...a: unknown[]) => boolean
    } = {}
    denyAllPermissions({
      setPermissionRequestHandler: (h: RequestHandler) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...a: unknown[]) => boolean) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...a: unknown[]) => boolean) => (handlers.device = h)
    } as never)
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'unknown'
    ]) {
      let granted: boolean | undefined
      handlers.request?.({}, permission, (g) => (granted = g))
      expect(granted, permission).toBe(false)
      expect(handlers.check?.({}, permission, 'app://jobqueue', {})).toBe(false)
    }
    expect(handlers.device?.({ deviceType: 'usb', origin: 'app://jobqueue' })).toBe(false)
  })
})

describe('the app:// protocol', () => {
  it('is registered as a standard, secure scheme before the app is ready', () => {
    registerAppScheme()
    expect(fake.privileged).toContainEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true }
    })
  })

  it('serves the renderer folder with the CSP header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-renderer-'))
    writeFileSync(join(dir, 'index.html'), '<html>app</html>')
    let handler: ((r: Request) => Promise<Response>) | undefined
    serveRenderer(
      {
        protocol: {
          handle: (scheme: string, h: (r: Request) => Promise<Response>) => scheme === 'app' && (handler = h)
        }
      } as never,
      dir
    )
    const res = await handler?.(new Request('app://jobqueue/index.html'))
    expect(res?.status).toBe(200)
    expect(res?.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await res?.text()).toBe('<html>app</html>')
  })
})

describe('createMainWindow', () => {
  beforeEach(() => {
    fake.windows.length = 0
    fake.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]
  })

  it('loads the app from app://jobqueue and remembers its size, position and maximized state across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jq-window-'))
    const store = new WindowStateStore(dataDir, testLogger())
    const first = await createMainWindow({ preloadPath: 'p', stateStore: store })
    const win = fake.windows[0]
    expect(win?.loaded).toBe(APP_START_URL)
    if (!win) return
    win.bounds = { x: 200, y: 150, width: 1100, height: 750 }
    win.maximized = true
    win.emit('close')
    await store.flush()
    expect(JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'))).toMatchObject({
      schemaVersion: 1,
      data: { x: 200, y: 150, width: 1100, height: 750, maximized: true }
    })
    expect(first).toBe(win)

    await createMainWindow({ preloadPath: 'p', stateStore: new WindowStateStore(dataDir, testLogger()) })
    const second = fake.windows[1]
    expect(second?.options).toMatchObject({ x: 200, y: 150, width: 1100, height: 750 })
    expect(second?.maximized).toBe(true)
  })

  it('does not reopen on a display that is gone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jq-window-'))
    const store = new WindowStateStore(dataDir, testLogger())
    await store.save({ x: 2500, y: 100, width: 1200, height: 800 }, false)
    fake.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]
    await createMainWindow({ preloadPath: 'p', stateStore: new WindowStateStore(dataDir, testLogger()) })
    const options = fake.windows[0]?.options as { x?: number; center?: boolean; width: number }
    expect(options.x).toBeUndefined()
    expect(options.center).toBe(true)
    expect(options.width).toBe(1200)
  })
})
