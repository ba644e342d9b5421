import { fileURLToPath } from 'node:url'
import type { HandlerTable } from '../common/contract'
import { systemClock, type Clock } from './clock'
import { browserDesktop, type Desktop } from './desktop-api'
import { EventBus } from './events'
import { createQueue } from './queue'
import { fileHandlers } from './files/handlers'
import { outputHandlers } from './outputs/handlers'
import { appHandlers } from './app/handlers'
import { createDownloads } from './downloads'
import { createDrafts } from './drafts'
import { createConnections, type SessionManager } from './connections'
import { connect, type GrantaClient } from './granta'
import { sandboxInThread } from './connections/sandbox-thread'
import { defaultUsers } from './sandbox/options'
import { createFileLogger, type Logger, type LogLevel } from './log'
import pkg from '../package.json' with { type: 'json' }

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
  /** How much to log (default info). */
  logLevel?: LogLevel
  /** The app's logger; by default files in `<dataDir>/logs`, 5 × 5 MB. Tests pass one over a MemorySink. */
  logger?: Logger
}

export interface AppServices {
  handlers: HandlerTable
  events: EventBus
  /** The live session; `sessionManager.client()` is the Server API client (throws NotConnected when offline). */
  sessionManager: SessionManager<GrantaClient>
  /** The one logger, for the shell (main/index.ts, the browser host) and the IPC bindings. */
  logger: Logger
  dispose(): Promise<void>
}

/** The composition root: builds every service and returns the handler table. No electron import here. */
export function createApp(options: AppOptions): AppServices {
  const clock = options.clock ?? systemClock
  const now = () => clock.now()
  const logger = options.logger ?? createFileLogger(options.dataDir, { level: options.logLevel })
  const events = new EventBus()
  const connections = createConnections<GrantaClient>({
    dataDir: options.dataDir,
    events,
    connect,
    sandbox: {
      start: sandboxInThread({
        script: options.sandboxWorker ?? fileURLToPath(new URL('./sandbox/worker.ts', import.meta.url)),
        minRunningMs: options.sandboxMinRunningMs,
        log: (line) => logger.child('sandbox').info(line)
      }),
      users: defaultUsers
    },
    clock: now,
    logger: logger.child('connections')
  })

  const desktop =
    options.desktop ??
    browserDesktop((message, action) => events.emit('app.notice', { level: 'info', message, action }))
  const queue = createQueue({
    dataDir: options.dataDir,
    events,
    session: connections.sessionManager,
    desktop,
    clock,
    logger: logger.child('queue')
  })
  const downloads = createDownloads({
    dataDir: options.dataDir,
    events,
    session: connections.sessionManager,
    desktop,
    clock,
    logger: logger.child('downloads')
  })
  const drafts = createDrafts({
    dataDir: options.dataDir,
    events,
    client: () => connections.sessionManager.client(),
    clock,
    logger: logger.child('drafts')
  })

  const handlers: HandlerTable = {
    ...appHandlers({ host: options.host, dataDir: options.dataDir, versions: options.versions, clock: now }),
    ...connections.handlers,
    ...queue.handlers,
    ...fileHandlers(desktop),
    ...outputHandlers(() => connections.sessionManager.client()),
    ...downloads.handlers,
    ...drafts.handlers
  }
  if (options.reconnectOnStart ?? true) void connections.sessionManager.reconnectOnStart()
  logger.info(`${pkg.productName} ${pkg.version} started (${options.host}, ${process.platform} ${process.arch})`)

  return {
    handlers,
    events,
    sessionManager: connections.sessionManager,
    logger,
    async dispose() {
      await downloads.dispose()
      await drafts.dispose()
      queue.dispose()
      await connections.dispose()
    }
  }
}
