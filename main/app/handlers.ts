import type { HandlersOf } from '../../common/contract'
import pkg from '../../package.json' with { type: 'json' }

export interface AppHandlerDeps {
  host: 'electron' | 'browser'
  dataDir: string
  /** Runtime versions to report beside Node's (Electron adds electron and chrome). */
  versions?: Record<string, string>
  clock: () => Date
}

/** The app.* handlers: what the app is and where it keeps its files. */
export function appHandlers(d: AppHandlerDeps): HandlersOf<'app'> {
  return {
    'app.info': () => ({
      name: pkg.productName,
      version: pkg.version,
      platform: process.platform,
      arch: process.arch,
      host: d.host,
      versions: { node: process.versions.node, v8: process.versions.v8, ...d.versions },
      dataDir: d.dataDir
    }),
    'app.ping': ({ message }) => ({ message, receivedAt: d.clock().toISOString() })
  }
}
