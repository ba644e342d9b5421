import {
  BrowserWindow,
  protocol,
  screen,
  type App,
  type BrowserWindowConstructorOptions,
  type Session,
  type WebContents
} from 'electron'
import { APP_SCHEME, APP_START_URL, appProtocolHandler, isAppUrl } from './app-protocol'
import { isSafeExternalUrl } from './desktop-api'
import { MIN_WINDOW_SIZE, placeOnDisplays, type WindowState, type WindowStateStore } from './window-state'

/** The main window and every security rule that belongs to it (Electron's security checklist). */

export interface WindowOptionsInput {
  /** out/preload/index.cjs: a sandboxed preload must be CommonJS. */
  preloadPath: string
  state: WindowState
  iconPath?: string
  dark?: boolean
}

/** The BrowserWindow options. Pure, so a test can prove every security setting is there. */
export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const { state } = input
  return {
    title: 'JobQueue Desktop',
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : { center: true }),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    backgroundColor: input.dark ? '#121417' : '#ffffff',
    autoHideMenuBar: true,
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      enableWebSQL: false,
      safeDialogs: true,
      spellcheck: true
    }
  }
}

/** Must run before `app` is ready: makes `app://` a standard, secure origin with fetch support. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

/** Serves the built renderer on `app://jobqueue/` in this session, with the CSP header on every response. */
export function serveRenderer(ses: Session, rendererDir: string): void {
  ses.protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir))
}

/** No web permission is ever granted: no camera, microphone, geolocation, notifications, HID, USB, serial... */
export function denyAllPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
}

/**
 * Rules for every web contents: no new windows (https links go to the default browser),
 * no navigation away from the app, no <webview>.
 */
export function hardenWebContents(
  contents: WebContents,
  openExternal: (url: string) => void,
  options: { packaged: boolean } = { packaged: true }
): void {
  // Packaged: the tools stay closed even if something opens them (the menu has no entry and no shortcut for them).
  if (options.packaged) contents.on('devtools-opened', () => contents.closeDevTools())
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    event.preventDefault()
    if (isSafeExternalUrl(event.url)) openExternal(event.url)
  })
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** Applies `hardenWebContents` to every web contents the app ever creates. */
export function hardenAllWebContents(
  app: App,
  openExternal: (url: string) => void,
  options: { packaged: boolean } = { packaged: true }
): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal, options))
}

export interface MainWindowOptions {
  preloadPath: string
  stateStore: WindowStateStore
  iconPath?: string
  dark?: boolean
}

/** Opens the main window where it was last time (when that is still on a display) and loads the app. */
export async function createMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const saved = await options.stateStore.load()
  const state = placeOnDisplays(
    saved,
    screen.getAllDisplays().map((d) => d.workArea)
  )
  const win = new BrowserWindow(
    windowOptions({ preloadPath: options.preloadPath, state, iconPath: options.iconPath, dark: options.dark })
  )
  if (state.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())
  win.on('close', () => {
    void options.stateStore.save(win.getNormalBounds(), win.isMaximized())
  })
  await win.loadURL(APP_START_URL)
  return win
}
