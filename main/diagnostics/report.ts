import type { AppInfo, LogLevelInfo } from '../../common/channels/app'
import type { SessionState } from '../../common/connections'
import type { DownloadSettings } from '../../common/downloads'
import type { PolicyInfo } from '../../common/policy'
import type { NotificationSettings } from '../../common/queue'
import type { ServerOffer } from '../connections/session-manager'
import { redactText } from '../log/redact'

/** Everything the report says; gathered by handlers.ts, formatted here. */
export interface DiagnosticsFacts {
  createdAt: Date
  app: AppInfo
  os: { type: string; release: string }
  session: SessionState
  offer: ServerOffer | null
  logLevel: LogLevelInfo
  /** null when the setting could not be read. */
  notifications: NotificationSettings | null
  downloads: DownloadSettings | null
  policy: PolicyInfo
  logLines: string[]
}

/** A line of the log longer than this is cut in the report (the zip keeps it whole). */
const MAX_LINE = 4000
const runtimeNames: Record<string, string> = { electron: 'Electron', chrome: 'Chromium', node: 'Node.js', v8: 'V8' }

/** The plain-text report for support. Passwords and tokens are never in the facts; the text is redacted anyway. */
export function formatReport(f: DiagnosticsFacts): string {
  const { app } = f
  const lines = [
    `${app.name} diagnostics`,
    `Created: ${f.createdAt.toISOString()}`,
    '',
    '## App',
    `Version: ${app.version}`,
    `Running as: ${app.host === 'electron' ? 'desktop app' : 'browser host (no Electron)'}`,
    `OS: ${f.os.type} ${f.os.release} (${app.platform} ${app.arch})`,
    ...Object.entries(app.versions).map(([k, v]) => `${runtimeNames[k] ?? k}: ${v}`),
    `Data folder: ${app.dataDir}`,
    '',
    '## Server',
    ...serverLines(f.session, f.offer),
    '',
    '## Settings',
    `Log level: ${f.logLevel.level}${f.logLevel.policy ? ' (set by your organisation)' : ''}; chosen in Settings: ${f.logLevel.chosen}`,
    `Notify about jobs: ${f.notifications ? `${f.notifications.jobs}${f.notifications.native ? ', system notifications' : ''}` : 'could not be read'}`,
    `Downloads: ${downloadLine(f.downloads)}`,
    '',
    '## IT policy',
    ...policyLines(f.policy),
    '',
    `## Last ${f.logLines.length} log lines`,
    ...f.logLines.map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE)}…` : l))
  ]
  return redactText(lines.join('\n') + '\n')
}

function serverLines(s: SessionState, offer: ServerOffer | null): string[] {
  const out: string[] = []
  if (s.session) {
    const role = s.session.isAdmin ? 'administrator' : s.session.hasWriteAccess ? 'write access' : 'read only'
    out.push(
      `Status: connected to ${s.session.connectionName} (${s.session.url || 'the built-in sandbox'})`,
      `Server version: ${s.session.serverVersion}`,
      `Signed in as: ${s.session.username} (${role}) since ${s.session.connectedAt}`
    )
  } else if (s.connecting) {
    out.push(`Status: connecting to ${s.connecting.connectionName} (step: ${s.connecting.step ?? 'starting'})`)
  } else out.push('Status: not connected')
  if (offer) {
    const schemes = offer.schemes.length ? offer.schemes.join(', ') : 'none'
    out.push(`Sign-in schemes offered: ${schemes}${offer.anonymous ? '; anonymous access allowed' : ''}`)
  }
  if (s.signIn) out.push(`Sign-in needed: ${s.signIn.message}`)
  if (s.lastError)
    out.push(`Last connection error: ${s.lastError.connectionName}: ${s.lastError.code}: ${s.lastError.message}`)
  return out
}

function downloadLine(d: DownloadSettings | null): string {
  if (!d) return 'could not be read'
  const limit = d.bandwidthLimit === null ? 'no speed limit' : `limited to ${d.bandwidthLimit} bytes/s`
  return `${d.concurrency} at a time, ${limit}`
}

function policyLines(p: PolicyInfo): string[] {
  const source = { registry: 'the registry', file: 'policy.json', none: 'none set' }[p.source]
  const values = Object.entries(p.policy).map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
  return [`Source: ${source}`, ...values, ...p.problems.map((m) => `Problem: ${m}`)]
}
