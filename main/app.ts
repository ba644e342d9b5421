import { fileURLToPath } from 'node:url'
import type { HandlerTable } from '../common/contract'
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

export interface AppOptions {
  /** Where the app keeps its files: connections, drafts, caches, downloads state. */
  dataDir: string
  host: 'electron' | 'browser'
  /** Runtime versions to report (Electron adds electron and chrome). */
  versions?: Record<string, string>
  clock?: () => Date
  /** Dialogs, notifications, shell, taskbar: Electron's in the app, `browserDesktop()` in the browser host (the default). */
  desktop?: Desktop
  /** Reconnect to the last used connection on start (default true). */
  reconnectOnStart?: boolean
  /** The built-in sandbox's worker entry: main/sandbox/worker.ts (run through tsx) unless the built app passes its bundle. */
  sandboxWorker?: string
}

export interface AppServices {
  handlers: HandlerTable
  events: EventBus
  /** The live session; `sessionManager.client()` is the Server API client (throws NotConnected when offline). */
  sessionManager: SessionManager<GrantaClient>
  dispose(): Promise<void>
}

/** The composition root: builds every service and returns the handler table. No electron import here. */
export function createApp(options: AppOptions): AppServices {
  const clock = options.clock ?? (() => new Date())
  const events = new EventBus()
  const desktop =
    options.desktop ??
    browserDesktop(
      (message, action) => events.emit('app.notice', { level: 'info', message, action }),
      (url) => events.emit('app.openUrl', { url })
    )
  const connections = createConnections<GrantaClient>({
    dataDir: options.dataDir,
    events,
    connect,
    sandbox: {
      start: sandboxInThread({
        script: options.sandboxWorker ?? fileURLToPath(new URL('./sandbox/worker.ts', import.meta.url))
      }),
      users: defaultUsers
    },
    clock: options.clock,
    oidc: { openBrowser: (url) => desktop.openSignIn(url) }
  })

  const queue = createQueue({ dataDir: options.dataDir, events, session: connections.sessionManager, desktop })
  const downloads = createDownloads({
    dataDir: options.dataDir,
    events,
    session: connections.sessionManager,
    desktop,
    clock: options.clock
  })
  const drafts = createDrafts({
    dataDir: options.dataDir,
    events,
    client: () => connections.sessionManager.client(),
    clock: options.clock
  })

  const handlers: HandlerTable = {
    ...appHandlers({ host: options.host, dataDir: options.dataDir, versions: options.versions, clock }),
    ...connections.handlers,
    ...queue.handlers,
    ...fileHandlers(desktop),
    ...outputHandlers(() => connections.sessionManager.client()),
    ...downloads.handlers,
    ...drafts.handlers
  }
  if (options.reconnectOnStart ?? true) void connections.sessionManager.reconnectOnStart()

  return {
    handlers,
    events,
    sessionManager: connections.sessionManager,
    async dispose() {
      await downloads.dispose()
      await drafts.dispose()
      queue.dispose()
      await connections.dispose()
    }
  }
}
