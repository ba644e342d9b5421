import { fileURLToPath } from 'node:url'
import type { HandlerTable } from '../common/contract'
import { systemClock, type Clock } from './clock'
import { browserDesktop, type Desktop } from './desktop-api'
import { EventBus } from './events'
import { createQueue } from './queue'
import { createHistory } from './history'
import { backlogJobs } from './history/backlog-source'
import { mediansFromHistory } from './history/history-medians'
import { fileHandlers } from './files/handlers'
import { outputHandlers } from './outputs/handlers'
import { appHandlers, appInfo } from './app/handlers'
import { diagnosticsHandlers } from './diagnostics/handlers'
import { LogLevelSetting } from './diagnostics/log-level'
import { PathGate } from './files/path-gate'
import { PathGrants } from './files/path-grants'
import { downloadPlaces } from './downloads/targets'
import { join } from 'node:path'
import type { NoticesSource } from './app/notices'
import { readPolicy, type PolicySource } from './policy/reader'
import { createDownloads } from './downloads'
import { createDrafts } from './drafts'
import { createConnections, type SessionManager } from './connections'
import { connect, type GrantaClient } from './granta'
import { sandboxInThread } from './connections/sandbox-thread'
import { defaultUsers } from './sandbox/options'
import { createFileLogger, logsDir, type Logger, type LogLevel } from './log'
import { createUpdates, type UpdateEngineFactory } from './updates'
import pkg from '../package.json' with { type: 'json' }
import type { OpenTarget } from '../common/open-target'
import type { TrayInput } from './shell/tray-model'

export interface AppOptions {
  /** Where the app keeps its files: connections, drafts, caches, downloads state. */
  dataDir: string
  host: 'electron' | 'browser'
  /** Runtime versions to report (Electron adds electron and chrome). */
  versions?: Record<string, string>
  clock?: Clock
  /** Dialogs, notifications, shell, taskbar: Electron's in the app, `browserDesktop()` in the browser host (the default). */
  desktop?: Desktop
  /** Reconnect to the last used connection on start (default true). */
  reconnectOnStart?: boolean
  /** The built-in sandbox's worker entry: main/sandbox/worker.ts (run through tsx) unless the built app passes its bundle. */
  sandboxWorker?: string
  /** How long the built-in sandbox keeps each job Running at least (default 3 s). */
  sandboxMinRunningMs?: number
  /** Third-party notices: out/notices beside the sources unless the built app passes its own (and Chromium's). */
  notices?: NoticesSource
  /** Where IT policy is read from, first found wins (the app passes the registry and policy.json; none by default). */
  policySources?: PolicySource[]
  /** The page the app was started for (a jump list task's `--open=`, main/shell/launch-args.ts); the window asks once. */
  launchTarget?: OpenTarget | null
  /** How much to log until the user's choice in Settings or IT policy applies (default info). */
  logLevel?: LogLevel
  /** The app's logger; by default files in `<dataDir>/logs`, 5 × 5 MB. Tests pass one over a MemorySink. */
  logger?: Logger
  /** How updates are downloaded and installed: electron-updater in the app (main/updater.ts); by default plain Node, which cannot install. */
  updateEngine?: (logger: Logger) => UpdateEngineFactory
}

export interface AppServices {
  handlers: HandlerTable
  events: EventBus
  /** The files and folders the user granted. */
  grants: PathGrants
  /** The live session; `sessionManager.client()` is the Server API client (throws NotConnected when offline). */
  sessionManager: SessionManager<GrantaClient>
  /** The one logger, for the shell (main/index.ts, the browser host) and the IPC bindings. */
  logger: Logger
  /**
   * Draft files named by a command line (`--import FILE`, or a `.jqdraft` path from the file association): at start,
   * and from a second start that the single-instance lock hands over. Each is granted, imported and announced.
   */
  handOff: { receive(argv: readonly string[], cwd: string): Promise<void> }
  /** Tells the window to open a page (`app.navigate`): a jump list task or the tray, while the app runs. */
  navigate(target: OpenTarget): void
  /** What the tray shows: the session and the queue monitor's counts and jobs (main/shell/tray-model.ts). */
  trayInput(): TrayInput
  dispose(): Promise<void>
}

/** The composition root: builds every service and returns the handler table. No electron import here. */
export function createApp(options: AppOptions): AppServices {
  const clock = options.clock ?? systemClock
  const now = () => clock.now()
  const logger = options.logger ?? createFileLogger(options.dataDir, { level: options.logLevel })
  const events = new EventBus()
  const desktop =
    options.desktop ??
    browserDesktop(
      (message, action) => events.emit('app.notice', { level: 'info', message, action }),
      (url) => events.emit('app.openUrl', { url })
    )
  const policyLog = logger.child('policy')
  const policy = readPolicy(options.policySources ?? [], (msg) => policyLog.warn(msg))
  const connections = createConnections<GrantaClient>({
    dataDir: options.dataDir,
    policy: async () => (await policy).policy,
    events,
    connect,
    sandbox: {
      start: sandboxInThread({
        script: options.sandboxWorker ?? fileURLToPath(new URL('./sandbox/worker.ts', import.meta.url)),
        minRunningMs: options.sandboxMinRunningMs,
        log: (line) => logger.child('sandbox').info(line)
      }),
      users: defaultUsers,
      randomPasswords: true
    },
    clock: now,
    logger: logger.child('connections'),
    oidc: { openBrowser: (url) => desktop.openSignIn(url) }
  })

  const grants = new PathGrants({
    file: join(options.dataDir, 'grants.json'),
    clock: now,
    log: (message) => events.emit('app.notice', { level: 'warn', message })
  })
  const grantsLoaded = grants.load()
  // The browser host takes typed paths as they are; the app asks the user with a native message box first.
  const gate = new PathGate(
    grants,
    options.host === 'browser'
      ? { mode: 'accept' }
      : { mode: 'confirm', confirm: (p, why) => desktop.confirmPath(p, why) }
  )
  const history = createHistory({
    dataDir: options.dataDir,
    clock,
    logger: logger.child('history'),
    connected: () => connections.sessionManager.state().session,
    queue: () =>
      backlogJobs({
        held: () => queue.monitor.peek(),
        scope: () => queue.monitor.listedScope(),
        list: async (status) => (await connections.sessionManager.client().listJobs({ status, pageSize: 1000 })).jobs,
        logger: logger.child('history')
      })
  })
  const queue = createQueue({
    dataDir: options.dataDir,
    onJobsSeen: (connectionId, jobs) => history.history.record(connectionId, jobs),
    events,
    session: connections.sessionManager,
    signIn: connections.sessionManager,
    desktop,
    gate,
    clock,
    // Built below; read only when an export runs.
    exportFolder: () => downloads.engine.settings.defaultFolder,
    medians: (held) =>
      mediansFromHistory({
        read: (id, since) => history.history.read(id, since),
        connectionId: () => connections.sessionManager.state().session?.connectionId ?? null,
        clock,
        fallback: held
      }),
    logger: logger.child('queue')
  })
  const downloads = createDownloads({
    dataDir: options.dataDir,
    events,
    session: connections.sessionManager,
    desktop,
    clock,
    gate,
    logger: logger.child('downloads')
  })
  const drafts = createDrafts({
    dataDir: options.dataDir,
    events,
    client: () => connections.sessionManager.client(),
    signIn: connections.sessionManager,
    clock,
    gate,
    logger: logger.child('drafts')
  })
  const logLevel = new LogLevelSetting({
    dataDir: options.dataDir,
    logger,
    policy: () => policy,
    fallback: logger.level
  })
  void logLevel.info().catch((e: unknown) => logger.warn('applying the log level failed', e))
  const updates = createUpdates({
    dataDir: options.dataDir,
    currentVersion: pkg.version,
    feedUrl: () => policy.then((p) => p.policy.updateUrl),
    engine: options.updateEngine,
    autoCheck: options.host === 'electron',
    events,
    clock,
    logger: logger.child('updates')
  })
  const originOf = async (connectionId: string): Promise<string> => {
    const c = await connections.connections.get(connectionId, null).catch(() => null)
    return c ? `${c.name} (${c.url || 'the built-in sandbox'})` : 'a Granta MI server'
  }

  const info = { host: options.host, dataDir: options.dataDir, versions: options.versions }
  let launchTarget = options.launchTarget ?? null
  const handlers: HandlerTable = {
    ...diagnosticsHandlers({
      logsDir: logsDir(options.dataDir),
      sources: {
        app: () => appInfo(info),
        session: connections.sessionManager,
        notifications: () => queue.settings.get(),
        downloads: async () => {
          await downloads.started
          return downloads.engine.settings
        },
        policy: () => policy
      },
      logLevel,
      desktop,
      gate,
      clock: now,
      logger: logger.child('diagnostics')
    }),
    ...appHandlers({
      host: options.host,
      dataDir: options.dataDir,
      versions: options.versions,
      clock: now,
      desktop,
      policy: () => policy,
      takeLaunchTarget: () => {
        const target = launchTarget
        launchTarget = null
        return target
      },
      notices: options.notices ?? {
        noticesFile: fileURLToPath(new URL('../out/notices/third-party-notices.json', import.meta.url))
      }
    }),
    ...updates.handlers,
    ...connections.handlers,
    ...queue.handlers,
    ...history.handlers,
    ...outputHandlers(() => connections.sessionManager.client()),
    ...afterLoad(grantsLoaded, {
      ...fileHandlers({ desktop, gate, downloads: downloadPlaces(() => downloads.engine.list()), originOf }),
      ...downloads.handlers,
      ...drafts.handlers
    })
  }
  if (options.reconnectOnStart ?? true) void connections.sessionManager.reconnectOnStart()
  logger.info(`${pkg.productName} ${pkg.version} started (${options.host}, ${process.platform} ${process.arch})`)

  return {
    handlers,
    events,
    grants,
    sessionManager: connections.sessionManager,
    logger,
    handOff: {
      receive: async (argv, cwd) => {
        await grantsLoaded.catch(() => {})
        return drafts.handOff.receive(argv, cwd)
      }
    },
    navigate: (target) => events.emit('app.navigate', { target }),
    trayInput: () => {
      const session = connections.sessionManager.state().session
      const { counts, jobs, connectionId } = queue.monitor.peek()
      const same = session !== null && connectionId === session.connectionId
      return {
        connectionName: session?.connectionName ?? null,
        username: session?.username ?? null,
        counts: same ? counts : null,
        jobs: same ? jobs : []
      }
    },
    async dispose() {
      updates.service.dispose()
      await downloads.dispose()
      await drafts.dispose()
      queue.dispose()
      history.dispose()
      await connections.dispose()
      await grants.flushed()
    }
  }
}

/** The same handlers, each waiting until the grants file is read (a draft's files are granted there). */
function afterLoad<T extends Partial<HandlerTable>>(loaded: Promise<void>, table: T): T {
  const ready = loaded.catch(() => {})
  const out: Record<string, unknown> = {}
  for (const [name, handler] of Object.entries(table) as [string, (i: unknown, c: unknown) => unknown][]) {
    out[name] = async (input: unknown, ctx: unknown) => {
      await ready
      return handler(input, ctx)
    }
  }
  return out as T
}
