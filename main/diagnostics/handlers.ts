import { mkdir } from 'node:fs/promises'
import { release, type } from 'node:os'
import type { AppInfo } from '../../common/channels/app'
import type { SessionState } from '../../common/connections'
import type { HandlerTable } from '../../common/contract'
import type { DownloadSettings } from '../../common/downloads'
import { AppError } from '../../common/errors'
import type { PolicyInfo } from '../../common/policy'
import type { NotificationSettings } from '../../common/queue'
import type { ServerOffer } from '../connections/session-manager'
import type { Desktop } from '../desktop-api'
import type { PathGate } from '../files/path-gate'
import type { Logger } from '../log'
import { lastLines, logFiles } from './log-files'
import type { LogLevelSetting } from './log-level'
import { formatReport } from './report'
import { writeDiagnosticsZip } from './zip'

export type DiagnosticsChannel =
  'app.diagnostics' | 'app.saveDiagnostics' | 'app.openLogsFolder' | 'app.logLevel' | 'app.setLogLevel'

/** Where the report's facts come from; app.ts passes the live services. */
export interface DiagnosticsSources {
  app: () => AppInfo
  session: { state(): SessionState; offer(): ServerOffer | null }
  notifications: () => Promise<NotificationSettings>
  downloads: () => Promise<DownloadSettings>
  policy: () => Promise<PolicyInfo>
}

export interface DiagnosticsDeps {
  /** `<dataDir>/logs`. */
  logsDir: string
  sources: DiagnosticsSources
  logLevel: LogLevelSetting
  desktop: Pick<Desktop, 'openPath'>
  gate: PathGate
  clock: () => Date
  logger: Logger
}

/** Lines of the log in the copied report. */
export const REPORT_LOG_LINES = 200

/** Help → Diagnostics: the report (copied by the renderer), the zip for support, the logs folder, the log level. */
export function diagnosticsHandlers(d: DiagnosticsDeps): Pick<HandlerTable, DiagnosticsChannel> {
  const { sources } = d
  const report = async (files: string[]): Promise<string> => {
    const [notifications, downloads, policy, logLevel] = await Promise.all([
      sources.notifications().catch(() => null),
      sources.downloads().catch(() => null),
      sources.policy(),
      d.logLevel.info()
    ])
    return formatReport({
      createdAt: d.clock(),
      app: sources.app(),
      os: { type: type(), release: release() },
      session: sources.session.state(),
      offer: sources.session.offer(),
      logLevel,
      notifications,
      downloads,
      policy,
      logLines: await lastLines(files, REPORT_LOG_LINES)
    })
  }
  return {
    'app.diagnostics': async () => ({ text: await report(await logFiles(d.logsDir)) }),
    'app.saveDiagnostics': async ({ path }) => {
      await d.gate.admit(path, 'write')
      const files = await logFiles(d.logsDir)
      try {
        await writeDiagnosticsZip(path, await report(files), files)
      } catch (e) {
        d.logger.warn('saving diagnostics failed', e)
        const why = e instanceof Error ? e.message : String(e)
        throw new AppError('Disk', `The diagnostics could not be saved (${why}). Choose another folder and try again.`)
      }
      d.logger.info(`diagnostics saved with ${files.length} log files`)
      return { path, logFiles: files.length }
    },
    'app.openLogsFolder': async () => {
      await mkdir(d.logsDir, { recursive: true })
      await d.desktop.openPath(d.logsDir)
      return null
    },
    'app.logLevel': () => d.logLevel.info(),
    'app.setLogLevel': ({ level }) => d.logLevel.set(level)
  }
}
