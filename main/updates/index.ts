import { join } from 'node:path'
import type { Clock } from '../clock'
import type { EventBus } from '../events'
import type { Logger } from '../log'
import type { UpdateEngineFactory } from './engine'
import { updateHandlers } from './handlers'
import { nodeUpdateEngine } from './node-engine'
import { UpdateService } from './update-service'

export type { UpdateEngine, UpdateEngineFactory } from './engine'
export { UpdateService } from './update-service'

export interface UpdatesDeps {
  dataDir: string
  currentVersion: string
  /** policy updateUrl, read at start. */
  feedUrl: () => Promise<string | null | undefined>
  /** The desktop app passes electron-updater's (main/updater.ts); by default the plain-Node one, which cannot install. */
  engine?: (logger: Logger) => UpdateEngineFactory
  /** The desktop app checks by itself a minute after start and then every 6 hours. */
  autoCheck: boolean
  events: EventBus
  clock: Clock
  logger: Logger
}

/** The update feature: the service, its handlers, and the notice once an update is ready. */
export function createUpdates(d: UpdatesDeps) {
  const engine = d.engine?.(d.logger) ?? nodeUpdateEngine({ dir: join(d.dataDir, 'updates'), logger: d.logger })
  const service = new UpdateService({
    currentVersion: d.currentVersion,
    feedUrl: d.feedUrl,
    engine,
    clock: d.clock,
    logger: d.logger,
    onStatus: (status) => d.events.emit('app.updateStatusChanged', status),
    onReady: (status) =>
      d.events.emit('app.notice', {
        level: 'info',
        message: status.message,
        action: status.canInstall ? { label: 'Restart to update', restartToUpdate: true } : undefined
      }),
    autoCheck: d.autoCheck ? { firstAfterMs: 60_000, everyMs: 6 * 60 * 60_000 } : undefined
  })
  return { service, handlers: updateHandlers(service) }
}
