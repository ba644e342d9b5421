// electron-updater is CommonJS and defines autoUpdater as a getter, which Node's ESM loader cannot see as a named
// export: take the module's default export, and read autoUpdater only when updates are on (it loads electron).
import electronUpdater, { type ProgressInfo } from 'electron-updater'
import type { Logger } from './log'
import type { UpdateEngine, UpdateEngineFactory } from './updates'
import { fromElectronUpdater } from './updates/electron-errors'

/**
 * The desktop app's update engine: electron-updater's autoUpdater on the site's generic feed (policy UpdateUrl).
 * The fifth shell file: it only delegates. What the feed means and what the user is told is decided in
 * main/updates/update-service.ts, which also checks latest.yml (zod, links inside the feed folder) before this
 * downloads anything; that is why autoDownload is off. A downloaded update installs on quit.
 */
export function electronUpdateEngine(logger: Logger): UpdateEngineFactory {
  return (feed: URL): UpdateEngine => {
    const { autoUpdater } = electronUpdater
    autoUpdater.setFeedURL({ provider: 'generic', url: feed.href })
    autoUpdater.autoDownload = false
    autoUpdater.autoInstallOnAppQuit = true
    autoUpdater.allowDowngrade = false
    autoUpdater.logger = {
      info: (m?: unknown) => logger.debug(String(m)),
      warn: (m?: unknown) => logger.warn(String(m)),
      error: (m?: unknown) => logger.error(String(m)),
      debug: (m?: unknown) => logger.debug(String(m))
    }
    // Failures also reject the call that caused them (and reach the user there); the event is for the log.
    autoUpdater.on('error', (e: Error) => logger.warn('electron-updater reported an error', e))
    autoUpdater.on('update-downloaded', (info) => logger.info(`electron-updater downloaded ${info.version}`))
    return {
      canInstall: true,
      async fetchFeed() {
        // The portable exe cannot be replaced in place; electron-updater would install the NSIS app beside it.
        if (process.env.PORTABLE_EXECUTABLE_DIR) return null
        try {
          const result = await autoUpdater.checkForUpdates()
          return result ? { info: result.updateInfo, offered: result.isUpdateAvailable } : null
        } catch (e) {
          throw fromElectronUpdater(e, feed)
        }
      },
      async download(_update, onProgress) {
        const listener = (p: ProgressInfo) => onProgress({ transferred: p.transferred, total: p.total })
        autoUpdater.on('download-progress', listener)
        try {
          await autoUpdater.downloadUpdate()
        } catch (e) {
          throw fromElectronUpdater(e, feed)
        } finally {
          autoUpdater.off('download-progress', listener)
        }
      },
      install() {
        autoUpdater.quitAndInstall(false, true)
      }
    }
  }
}
