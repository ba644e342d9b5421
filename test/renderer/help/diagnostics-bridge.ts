import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HandlerTable } from '../../../common/contract'
import type { PolicyInfo } from '../../../common/policy'
import { appInfo } from '../../../main/app/handlers'
import { browserDesktop } from '../../../main/desktop-api'
import { diagnosticsHandlers } from '../../../main/diagnostics/handlers'
import { LogLevelSetting } from '../../../main/diagnostics/log-level'
import { EventBus } from '../../../main/events'
import { fileHandlers } from '../../../main/files/handlers'
import { createFileLogger, logsDir, type Logger } from '../../../main/log'
import { acceptingGate } from '../../helpers/grants'
import { installFacadeOverMain } from '../facade-over-main'

export interface DiagnosticsBridge {
  dataDir: string
  logger: Logger
  events: EventBus
  close(): void
}

/**
 * `window.jobqueue` over main's real diagnostics handlers, log level setting, logger on real files and dialogs (the
 * browser host's: no native ones), offline.
 */
export function installDiagnosticsBridge(policy: PolicyInfo['policy'] = {}): DiagnosticsBridge {
  const dataDir = mkdtempSync(join(tmpdir(), 'jq-renderer-diag-'))
  const logger = createFileLogger(dataDir, { level: 'info' })
  const events = new EventBus()
  const desktop = browserDesktop((message) => events.emit('app.notice', { level: 'info', message }))
  const gate = acceptingGate()
  const policyInfo = (): Promise<PolicyInfo> =>
    Promise.resolve({ source: Object.keys(policy).length ? 'file' : 'none', policy, problems: [] })
  const table = {
    ...diagnosticsHandlers({
      logsDir: logsDir(dataDir),
      sources: {
        app: () => appInfo({ host: 'browser', dataDir }),
        session: {
          state: () => ({ status: 'offline', session: null, connecting: null, lastError: null, notice: null }),
          offer: () => null
        },
        notifications: () => Promise.resolve({ jobs: 'mine' as const, native: true }),
        downloads: () => Promise.resolve({ concurrency: 4, bandwidthLimit: null, defaultFolder: null }),
        policy: policyInfo
      },
      logLevel: new LogLevelSetting({ dataDir, logger, policy: policyInfo, fallback: 'info' }),
      desktop,
      gate,
      clock: () => new Date(),
      logger
    }),
    ...fileHandlers({ desktop, gate, downloads: { connectionOf: () => null }, originOf: () => Promise.resolve('') })
  } as Partial<HandlerTable>
  installFacadeOverMain(table, events)
  return {
    dataDir,
    logger,
    events,
    close() {
      Reflect.deleteProperty(window, 'jobqueue')
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 })
    }
  }
}
