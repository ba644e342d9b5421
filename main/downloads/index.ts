import type { ProgressEvent } from '../../common/downloads'
import type { ConnectionStatus, SessionSource } from '../connections/session-source'
import type { Clock } from '../clock'
import type { Desktop } from '../desktop-api'
import type { EventBus } from '../events'
import type { PathGate } from '../files/path-gate'
import type { Logger } from '../log'
import { DownloadEngine } from './engine'
import { markFromInternet } from './zone'
import { downloadHandlers } from './handlers'
import type { DownloadClient } from './source'
import { finishedNotice } from './wording'

export interface DownloadsOptions {
  dataDir: string
  events: EventBus
  /** The session's URL, when it says, is the HostUrl of the downloaded files' Zone.Identifier. */
  session: SessionSource<
    DownloadClient,
    ConnectionStatus & { session: { url?: string } | null; signIn?: { connectionId: string } }
  >
  desktop?: Pick<Desktop, 'notify' | 'openPath' | 'setProgress'>
  clock?: Clock
  /** The user's path grants: a destination folder must be granted, and stays granted once used. */
  gate: PathGate
  logger: Logger
}

/** Builds the download engine, its handlers, and its links to the session, the event bus and the desktop. */
export function createDownloads(options: DownloadsOptions) {
  const { session, desktop } = options
  const connectedId = (): string | null => {
    const s = session.state()
    return s.status === 'connected' && s.session ? s.session.connectionId : null
  }
  const engine = new DownloadEngine({
    dataDir: options.dataDir,
    clock: options.clock,
    clients: (id) => (connectedId() === id ? session.client() : undefined),
    // Files are fetched only while their connection is signed in: the session's URL is where they came from.
    markDownloaded: async (file) => {
      await markFromInternet(file, session.state().session?.url ?? '')
    },
    onProgress: (event) => {
      resumeLateRefusals(event)
      options.events.emit('downloads.progress', event)
      for (const b of event.finishedBatches) {
        const c = b.counts
        options.logger.info(
          `download batch ${b.id} finished: ${c.done} done, ${c.failed} failed, ${c.cancelled} cancelled`
        )
      }
      if (desktop) showOnDesktop(desktop, event)
    }
  })
  // A request of the old sign-in can be refused after the user has signed in again: resume what it paused.
  function resumeLateRefusals(event: ProgressEvent): void {
    const s = session.state()
    if (s.status !== 'connected' || !s.session || s.signIn) return
    if (!event.items.some((i) => i.state === 'paused' && i.pauseReason === 'signIn')) return
    engine
      .connectionAvailable(s.session.connectionId)
      .catch((e: unknown) => options.logger.error('resuming downloads failed', e))
  }
  const unsubscribe = session.subscribe((s) => {
    // Not while the server refuses the sign-in: those items would only be refused again.
    if (s.status === 'connected' && s.session && !s.signIn)
      engine
        .connectionAvailable(s.session.connectionId)
        .catch((e: unknown) => options.logger.error('resuming downloads failed', e))
  })
  const started = engine.start().then(() => {
    const notice = engine.loadNotice
    if (notice?.kind === 'corrupt')
      options.events.emit('app.notice', {
        level: 'warn',
        message: `The download list could not be read (${notice.reason}). It was moved to ${notice.movedTo}; downloads start from an empty list.`
      })
    else if (notice?.kind === 'newer') options.events.emit('app.notice', { level: 'warn', message: notice.reason })
  })
  return {
    engine,
    handlers: downloadHandlers(engine, connectedId, options.gate),
    /** Resolves once the stored queue is loaded and interrupted items are on their way. */
    started,
    async dispose() {
      unsubscribe()
      await started.catch(() => {})
      await engine.close()
      desktop?.setProgress(null)
    }
  }
}

/** Taskbar progress while anything runs, and a notification with "Open folder" when a batch is done. */
function showOnDesktop(desktop: Pick<Desktop, 'notify' | 'openPath' | 'setProgress'>, event: ProgressEvent): void {
  const { counts, bytesDone, totalBytes } = event.total
  const running = counts.active + counts.queued > 0
  desktop.setProgress(running ? (totalBytes ? bytesDone / totalBytes : counts.done / Math.max(1, counts.total)) : null)
  for (const b of event.finishedBatches) {
    desktop.notify({
      ...finishedNotice(b),
      onClick: () => void desktop.openPath(b.destination).catch(() => {})
    })
  }
}

export { DownloadEngine } from './engine'
export type { DownloadClient, OutputSource, JobDirectory } from './source'
