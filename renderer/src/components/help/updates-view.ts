import type { UpdateStatus } from '../../../../common/channels/app'
import { formatBytes } from '../../../../common/format'

/** What the Updates card shows for a status: which buttons, the progress, and the small print. */
export interface UpdatesView {
  /** "Check for updates" is there unless updates are off or an update is ready; enabled when idle or after an error. */
  showCheck: boolean
  canCheck: boolean
  checking: boolean
  showRestart: boolean
  /** 0–100 while downloading, else null. */
  percent: number | null
  progressLabel: string | null
  /** The browser host finds, downloads and verifies, but cannot install: it says so. */
  installNote: string | null
  severity: 'info' | 'success' | 'warn' | 'error' | 'secondary'
}

export const browserHostNote =
  'This browser host can find, download and verify updates, but cannot install them: the desktop app does that.'

export function updatesView(s: UpdateStatus): UpdatesView {
  const p = s.state === 'downloading' ? s.progress : null
  const percent = p ? (p.total > 0 ? Math.min(100, Math.floor((100 * p.transferred) / p.total)) : 0) : null
  return {
    showCheck: s.state !== 'disabled' && s.state !== 'ready',
    canCheck: s.state === 'idle' || s.state === 'error',
    checking: s.state === 'checking',
    showRestart: s.state === 'ready' && s.canInstall,
    percent,
    progressLabel: p ? `${formatBytes(p.transferred)} of ${formatBytes(p.total)}` : null,
    installNote: !s.canInstall && s.state !== 'disabled' ? browserHostNote : null,
    severity:
      s.state === 'error' ? 'error' : s.state === 'ready' ? 'success' : s.state === 'disabled' ? 'secondary' : 'info'
  }
}
