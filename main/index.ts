import { app, Menu, nativeTheme, session, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApp, type AppServices } from './app'
import { menuTemplate } from './app-menu'
import { policyFileSource, registrySource } from './policy/sources'
import { ElectronDesktop, ElectronTray, setJumpList } from './desktop'
import { jumpListTasks } from './shell/jump-list'
import { openTargetFromArgs } from './shell/launch-args'
import { wireTray } from './shell/tray-wiring'
import { bindIpc } from './ipc/electron'
import { createFileLogger, type Logger } from './log'
import { electronUpdateEngine } from './updater'
import { WindowStateStore } from './window-state'
import { createMainWindow, denyAllPermissions, hardenAllWebContents, registerAppScheme, serveRenderer } from './window'

// Lifecycle only. The window and its security rules live in window.ts; the services in app.ts.
const APP_USER_MODEL_ID = 'com.jobqueue.desktop'
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url))
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
const sandboxWorker = fileURLToPath(new URL('./sandbox-worker.js', import.meta.url))
const notices = {
  noticesFile: fileURLToPath(new URL('../notices/third-party-notices.json', import.meta.url)),
  chromiumLicencesFile: join(dirname(process.execPath), 'LICENSES.chromium.html')
}

/** The app's logger once createApp has built it; before that (a failed start), one over the same files. */
let logger: Logger | null = null
const log = (msg: string, err?: unknown): void =>
  (logger ?? (logger = createFileLogger(app.getPath('userData')))).error(msg, err)

let window: BrowserWindow | null = null
let services: AppServices | null = null
let stopIpc: (() => void) | null = null
let stateStore: WindowStateStore | null = null
const desktop = new ElectronDesktop(() => window)
/** Command lines of second starts that came before the services were built. */
const earlyStarts: { argv: string[]; cwd: string }[] = []

function handOff(argv: string[], cwd: string): void {
  if (!services) return void earlyStarts.push({ argv, cwd })
  services.handOff.receive(argv, cwd).catch((e: unknown) => log('could not open the files handed to the app', e))
}
let tray: ElectronTray | null = null

async function openWindow(): Promise<void> {
  if (!stateStore) return
  window = await createMainWindow({ preloadPath, stateStore, dark: nativeTheme.shouldUseDarkColors })
  window.on('closed', () => (window = null))
}

async function start(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)
  await app.whenReady()
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ packaged: app.isPackaged }) as MenuItemConstructorOptions[])
  )
  denyAllPermissions(session.defaultSession)
  serveRenderer(session.defaultSession, rendererDir)
  const dataDir = app.getPath('userData')
  services = createApp({
    dataDir,
    host: 'electron',
    versions: { electron: process.versions.electron, chrome: process.versions.chrome },
    desktop,
    sandboxWorker,
    notices,
    policySources: [registrySource(), policyFileSource(join(dirname(process.execPath), 'policy.json'))],
    updateEngine: electronUpdateEngine,
    launchTarget: openTargetFromArgs(process.argv, (why) => log(why))
  })
  logger = services.logger
  stateStore = new WindowStateStore(dataDir, services.logger.child('window'))
  stopIpc = bindIpc({ app: services, window: () => window })
  await openWindow()
  // A .jqdraft double-clicked in Explorer, or `--import FILE`: the first start's own command line, then any early ones.
  handOff(process.argv.slice(1), process.cwd())
  for (const { argv, cwd } of earlyStarts.splice(0)) handOff(argv, cwd)
  // The tray and jump list are conveniences: the app runs without them.
  await startShell(services).catch((e: unknown) => log('the tray or the jump list could not be set up', e))
}

/** Shows the window (opening it again if it was closed) and brings it to the front. */
async function showWindow(): Promise<void> {
  if (!window) await openWindow()
  if (!window) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}

/** The tray and, on Windows, the jump list: what they say and do is main/shell's. */
async function startShell(s: AppServices): Promise<void> {
  if (process.platform === 'win32' && !setJumpList(jumpListTasks(process.execPath)))
    log('Windows refused the jump list')
  tray = new ElectronTray(await app.getFileIcon(process.execPath, { size: 'small' }), () => void showWindow())
  const stop = wireTray({
    tray,
    subscribe: (listener) => s.events.subscribe((event) => listener(event)),
    input: () => s.trayInput(),
    showWindow,
    navigate: (target) => s.navigate(target),
    quit: () => app.quit(),
    log
  })
  app.once('will-quit', () => {
    stop()
    tray?.destroy()
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppScheme()
  app.enableSandbox()
  hardenAllWebContents(
    app,
    (url) => void desktop.openExternal(url).catch((e: unknown) => log('could not open a link', e)),
    { packaged: app.isPackaged }
  )

  // A second start: its files are handed over, a jump list task's `--open=` page opens (main/shell/launch-args.ts).
  app.on('second-instance', (_event, argv, workingDirectory) => {
    handOff(argv, workingDirectory)
    const target = openTargetFromArgs(argv, (why) => log(why))
    if (target) services?.navigate(target)
    showWindow().catch((e: unknown) => log('could not show the window', e))
  })
  app.on('window-all-closed', () => app.quit())

  let disposed = false
  app.on('will-quit', (event) => {
    if (disposed) return
    event.preventDefault()
    disposed = true
    stopIpc?.()
    Promise.allSettled([services?.dispose(), stateStore?.flush()])
      .then((results) => results.forEach((r) => r.status === 'rejected' && log('shutdown step failed', r.reason)))
      .catch((e: unknown) => log('shutdown failed', e))
      .finally(() => app.quit())
  })

  start().catch((e: unknown) => {
    log('JobQueue Desktop could not start', e)
    app.exit(1)
  })
}
