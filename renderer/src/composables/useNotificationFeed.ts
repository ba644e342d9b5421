import { plural } from '../../../common/format'
import { api } from '../api'
import { useNotificationsStore } from '../stores/notifications'

/** Feeds the notification centre from main's events; returns the function that stops it. */
export function useNotificationFeed(): () => void {
  const store = useNotificationsStore()
  const offs = [
    api.on('queue.jobFinished', (event) => store.jobFinished(event)),
    api.on('downloads.progress', (event) => {
      for (const b of event.finishedBatches) {
        const failed = b.counts.failed ? `, ${b.counts.failed} failed` : ''
        store.record({
          kind: 'download',
          title: 'Downloads finished',
          detail: `${plural(b.counts.done, 'file')} saved in ${b.destination}${failed}`,
          tone: b.counts.failed ? 'warn' : 'success',
          at: new Date().toISOString()
        })
      }
    }),
    // Warnings and errors are kept; info notices are the browser host's stand-ins for the desktop (links, paths).
    api.on('app.notice', (n) => {
      if (n.level !== 'info')
        store.record({ kind: 'notice', title: n.message, tone: n.level, at: new Date().toISOString() })
    })
  ]
  return () => offs.forEach((off) => off())
}
