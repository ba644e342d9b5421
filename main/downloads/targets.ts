import type { DownloadBatch, DownloadItem } from '../../common/downloads'
import { pathKey, type Platform } from '../files/path-shape'

/** What openPath and showItemInFolder may reach among downloads: finished files and the batches' folders. */
export interface DownloadPlaces {
  /** The connection a finished download or a batch folder came from, or null when the path is neither. */
  connectionOf(path: string): string | null
}

export function downloadPlaces(
  state: () => { items: readonly DownloadItem[]; batches: readonly DownloadBatch[] },
  platform: Platform = process.platform
): DownloadPlaces {
  return {
    connectionOf(path) {
      const key = pathKey(path, platform)
      const { items, batches } = state()
      const batchOf = new Map(batches.map((b) => [b.id, b]))
      for (const i of items) {
        if (i.state === 'done' && pathKey(i.targetPath, platform) === key)
          return batchOf.get(i.batchId)?.connectionId ?? ''
      }
      for (const b of batches) if (pathKey(b.destination, platform) === key) return b.connectionId
      return null
    }
  }
}
