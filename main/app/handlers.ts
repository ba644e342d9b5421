import type { AppInfo } from '../../common/channels/app'
import type { HandlersOf } from '../../common/contract'
import { AppError } from '../../common/errors'
import pkg from '../../package.json' with { type: 'json' }
import type { PolicyInfo } from '../../common/policy'
import type { OpenTarget } from '../../common/open-target'
import type { Desktop } from '../desktop-api'
import type { DiagnosticsChannel } from '../diagnostics/handlers'
import type { UpdateChannel } from '../updates/handlers'
import { readNotices, type NoticesSource } from './notices'

export interface AppHandlerDeps {
  host: 'electron' | 'browser'
  dataDir: string
  /** Runtime versions to report beside Node's (Electron adds electron and chrome). */
  versions?: Record<string, string>
  clock: () => Date
  notices: NoticesSource
  desktop: Pick<Desktop, 'openPath'>
  /** The policy read at start (main/policy). */
  policy: () => Promise<PolicyInfo>
  /** Takes the page the app was started for (main/shell/launch-args.ts), once. */
  takeLaunchTarget?: () => OpenTarget | null
}

/** What the app is and where it keeps its files (app.info, and the diagnostics report). */
export function appInfo(d: Pick<AppHandlerDeps, 'host' | 'dataDir' | 'versions'>): AppInfo {
  return {
    name: pkg.productName,
    version: pkg.version,
    platform: process.platform,
    arch: process.arch,
    host: d.host,
    versions: { node: process.versions.node, v8: process.versions.v8, ...d.versions },
    dataDir: d.dataDir
  }
}

/**
 * The app.* handlers: what the app is, where it keeps its files, and what third-party code it ships.
 * Help → Diagnostics (logs, log level) is main/diagnostics; updates are main/updates.
 */
export function appHandlers(d: AppHandlerDeps): Omit<HandlersOf<'app'>, DiagnosticsChannel | UpdateChannel> {
  return {
    'app.info': () => appInfo(d),
    'app.ping': ({ message }) => ({ message, receivedAt: d.clock().toISOString() }),
    'app.policy': () => d.policy(),
    'app.launchTarget': () => ({ target: d.takeLaunchTarget?.() ?? null }),
    'app.notices': () => readNotices(d.notices),
    'app.openChromiumLicences': async () => {
      const file = d.notices.chromiumLicencesFile
      if (!file || !(await readNotices(d.notices)).chromiumLicences)
        throw new AppError('FileNotFound', "Chromium's licence file is not part of this copy of the app.")
      await d.desktop.openPath(file)
      return null
    }
  }
}
