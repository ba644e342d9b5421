import type { HandlerTable } from '../common/contract'
import type { Desktop } from './desktop-api'
import { EventBus } from './events'
import pkg from '../package.json' with { type: 'json' }

export interface AppOptions {
  /** Where the app keeps its files: connections, drafts, caches, downloads state. */
  dataDir: string
  host: 'electron' | 'browser'
  /** Runtime versions to report (Electron adds electron and chrome). */
  versions?: Record<string, string>
  clock?: () => Date
  /** Dialogs, notifications, shell, taskbar: Electron's in the app, `browserDesktop()` in the browser host (the default). */
  desktop?: Desktop
}

export interface AppServices {
  handlers: HandlerTable
  events: EventBus
  dispose(): Promise<void>
}


/** The composition root: builds every service and returns the handler table. No electron import here. */
export function createApp(options: AppOptions): AppServices {
  const clock = options.clock ?? (() => new Date())
  const events = new EventBus()

  const handlers: HandlerTable = {
    'app.info': () => ({
      name: pkg.productName,
      version: pkg.version,
      platform: process.platform,
      arch: process.arch,
      host: options.host,
      versions: { node: process.versions.node, v8: process.versions.v8, ...options.versions },
      dataDir: options.dataDir
    }),
    'app.ping': ({ message }) => ({ message, receivedAt: clock().toISOString() })
  }

  return {
    handlers,
    events,
    async dispose() {}
  }
}
