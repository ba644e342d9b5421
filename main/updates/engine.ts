import type { FeedUpdate } from './feed'
import type { Progress } from './verify'

/**
 * What does the work behind the update service: electron-updater's autoUpdater in the desktop app (main/updater.ts),
 * plain Node in the browser host and the tests (node-engine.ts). The service decides what to do and what to tell the
 * user; an engine only reads the feed, downloads and installs.
 */
export interface UpdateEngine {
  /** Whether `install` can replace this copy of the app (the browser host cannot). */
  readonly canInstall: boolean
  /**
   * Reads the feed's latest.yml as data, still unchecked (the service parses it with feed.ts), and whether the
   * engine itself would offer it (electron-updater also weighs staged roll-outs). Null: this copy of the app does not
   * update itself (not installed, or the portable exe).
   */
  fetchFeed(): Promise<{ info: unknown; offered: boolean } | null>
  /** Downloads the update the service accepted and checks its size and SHA-512; rejects (and keeps nothing) if they differ. */
  download(update: FeedUpdate, onProgress: (p: Progress) => void): Promise<void>
  /** Quits and installs the downloaded update. */
  install(): void
}

/** Builds the engine for a feed folder (a valid https URL ending in /). */
export type UpdateEngineFactory = (feed: URL) => UpdateEngine
