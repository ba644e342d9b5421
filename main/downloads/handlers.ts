import type { HandlersOf } from '../../common/contract'
import { AppError } from '../../common/errors'
import type { PathGate } from '../files/path-gate'
import type { DownloadEngine } from './engine'

/** The downloads.* handlers over one engine. `currentConnectionId` names the signed-in connection, if any. */
export function downloadHandlers(
  engine: DownloadEngine,
  currentConnectionId: () => string | null,
  gate: PathGate
): HandlersOf<'downloads'> {
  /** A destination the user chose (or typed and confirmed) stays granted: its files are opened from the app later. */
  const admitDestination = async (req: { destination?: string; connectionId?: string }): Promise<void> => {
    const destination = req.destination ?? engine.destinationFor(connectionOf(req.connectionId))
    if (destination) await gate.admit(destination, 'folder', 'folder', true)
  }
  const connectionOf = (id: string | undefined): string => {
    const chosen = id ?? currentConnectionId()
    if (!chosen)
      throw new AppError('NotConnected', 'Connect to a Granta MI server first, then choose what to download.')
    return chosen
  }
  return {
    'downloads.preview': async (req) => {
      await admitDestination(req)
      return engine.preview({ ...req, connectionId: connectionOf(req.connectionId) })
    },
    'downloads.add': async (req) => {
      await admitDestination(req)
      return engine.add({ ...req, connectionId: connectionOf(req.connectionId) })
    },
    'downloads.list': () => engine.list(),
    'downloads.pause': async (target) => ({ affected: await engine.pause(target) }),
    'downloads.resume': async (target) => ({ affected: await engine.resume(target) }),
    'downloads.cancel': async (target) => ({ affected: await engine.cancel(target) }),
    'downloads.retry': async (target) => ({ affected: await engine.retry(target) }),
    'downloads.clearCompleted': async (input) => ({ removed: await engine.clearCompleted(input?.batchId) }),
    'downloads.setConcurrency': async ({ concurrency }) => {
      await engine.updateSettings({ concurrency })
      return engine.settings
    },
    'downloads.setBandwidthLimit': async ({ bytesPerSecond }) => {
      await engine.updateSettings({ bandwidthLimit: bytesPerSecond })
      return engine.settings
    },
    'downloads.setDefaultFolder': async ({ folder }) => {
      // A source of grants like a download destination: kept across restarts, so the dialog can use it later.
      if (folder) await gate.admit(folder, 'folder', 'folder', true)
      await engine.updateSettings({ defaultFolder: folder })
      return engine.settings
    },
    'downloads.destination': (input) => {
      const id = input?.connectionId ?? currentConnectionId()
      return { destination: id ? engine.destinationFor(id) : null }
    }
  }
}
