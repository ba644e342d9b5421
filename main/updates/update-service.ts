import type { UpdateStatus } from '../../common/channels/app'
import { AppError } from '../../common/errors'
import type { Clock } from '../clock'
import type { Logger } from '../log'
import type { UpdateEngine, UpdateEngineFactory } from './engine'
import { UpdateError } from './errors'
import { feedBaseUrl, isNewer, readFeed, type FeedUpdate } from './feed'
import { checkableStates, updateMessages as say } from './messages'
import type { Progress } from './verify'

export interface UpdateServiceDeps {
  /** The running version (package.json). */
  currentVersion: string
  /** The feed folder as IT set it (policy updateUrl); nothing: updates are off. */
  feedUrl: () => Promise<string | null | undefined>
  engine: UpdateEngineFactory
  clock: Clock
  logger: Logger
  /** Every change of status (the app.updateStatusChanged event). */
  onStatus: (status: UpdateStatus) => void
  /** Once an update is downloaded and verified (the "Restart to update" notice). */
  onReady: (status: UpdateStatus) => void
  /** Check without being asked: first after `firstAfterMs`, then every `everyMs` (the desktop app). Off by default. */
  autoCheck?: { firstAfterMs: number; everyMs: number }
  /** At most one progress status per this many ms (default 250: events stay under 10 a second). */
  progressEveryMs?: number
}

/**
 * Updates as a state machine: disabled (no update server, or a copy that does not update itself) · idle · checking ·
 * available · downloading · ready · error. The engine does the work; this decides what the feed means (feed.ts:
 * zod, links confined to the feed folder, semver) and what the user is told.
 */
export class UpdateService {
  private status: UpdateStatus
  private engine: UpdateEngine | null = null
  private feed: URL | null = null
  private readonly started: Promise<void>
  private checking: Promise<UpdateStatus> | null = null
  private downloading: Promise<void> = Promise.resolve()
  private lastProgressAt = Number.NEGATIVE_INFINITY
  private cancelTimer: () => void = () => {}
  private disposed = false

  constructor(private readonly d: UpdateServiceDeps) {
    this.status = {
      state: 'disabled',
      message: say.noServer,
      currentVersion: d.currentVersion,
      version: null,
      progress: null,
      canInstall: false,
      server: null,
      checkedAt: null
    }
    this.started = this.start()
  }

  async current(): Promise<UpdateStatus> {
    await this.started
    return this.status
  }

  /** Asks the update server; answers once the check is done (a download it starts goes on, reported by events). */
  async check(): Promise<UpdateStatus> {
    await this.started
    if (this.checking) return this.checking
    const engine = this.engine
    const feed = this.feed
    if (!engine || !feed || !checkableStates.includes(this.status.state)) return this.status
    this.checking = this.runCheck(engine, feed).finally(() => (this.checking = null))
    return this.checking
  }

  /** Quits and installs the update that is ready. */
  restartToUpdate(): null {
    if (this.status.state !== 'ready' || !this.engine)
      throw new AppError('Conflict', 'No update is ready to install yet. Check for updates first.')
    this.d.logger.info(`restarting to install version ${this.status.version ?? '?'}`)
    this.engine.install()
    return null
  }

  /** Resolves when a download in progress has finished, well or not (for shutdown and tests). */
  settled(): Promise<void> {
    return this.downloading
  }

  dispose(): void {
    this.disposed = true
    this.cancelTimer()
  }

  private async start(): Promise<void> {
    let raw: string | null | undefined
    try {
      raw = await this.d.feedUrl()
    } catch (e) {
      this.d.logger.warn('the update server setting could not be read; updates are off', e)
      return
    }
    if (!raw) return this.d.logger.info('no update server set (policy UpdateUrl): updates are off')
    const feed = feedBaseUrl(raw)
    if (!feed) {
      this.d.logger.warn('the UpdateUrl policy is not an https URL; updates are off')
      return this.set({ message: say.badServer })
    }
    this.feed = feed
    this.engine = this.d.engine(feed)
    this.set({
      state: 'idle',
      message: say.notChecked(feed.host),
      server: feed.href,
      canInstall: this.engine.canInstall
    })
    if (this.d.autoCheck) this.schedule(this.d.autoCheck.firstAfterMs)
  }

  private schedule(ms: number): void {
    if (this.disposed || !this.d.autoCheck) return
    const every = this.d.autoCheck.everyMs
    this.cancelTimer = this.d.clock.setTimeout(() => void this.check().finally(() => this.schedule(every)), ms, {
      unref: true
    })
  }

  private async runCheck(engine: UpdateEngine, feed: URL): Promise<UpdateStatus> {
    this.set({ state: 'checking', message: say.checking, version: null, progress: null })
    let update: FeedUpdate | null
    try {
      const fetched = await engine.fetchFeed()
      if (!fetched) {
        this.set({ state: 'disabled', message: say.notInstalled, canInstall: false })
        return this.status
      }
      const offer = readFeed(fetched.info, feed)
      update = fetched.offered && isNewer(offer.version, this.d.currentVersion) ? offer : null
    } catch (e) {
      this.fail(e)
      return this.status
    }
    const checkedAt = this.d.clock.now().toISOString()
    if (!update) {
      this.set({ state: 'idle', message: say.upToDate(this.d.currentVersion), checkedAt })
      return this.status
    }
    this.d.logger.info(`version ${update.version} is available (${update.file.name}, ${update.file.size} bytes)`)
    this.set({ state: 'available', message: say.available(update.version), version: update.version, checkedAt })
    this.downloading = this.download(engine, update)
    return this.status
  }

  private async download(engine: UpdateEngine, update: FeedUpdate): Promise<void> {
    this.set({
      state: 'downloading',
      message: say.downloading(update.version),
      progress: { transferred: 0, total: update.file.size }
    })
    try {
      await engine.download(update, (p) => this.progress(p))
    } catch (e) {
      return this.fail(e)
    }
    const message = engine.canInstall ? say.readyToInstall(update.version) : say.readyNoInstall(update.version)
    this.set({ state: 'ready', message, progress: null })
    this.d.logger.info(`version ${update.version} is downloaded and verified`)
    this.d.onReady(this.status)
  }

  private progress(p: Progress): void {
    if (this.status.state !== 'downloading') return
    const now = this.d.clock.now().getTime()
    const every = this.d.progressEveryMs ?? 250
    if (now - this.lastProgressAt < every && p.transferred < p.total) return
    this.lastProgressAt = now
    this.set({ progress: { transferred: p.transferred, total: Math.max(p.total, p.transferred) } })
  }

  private fail(e: unknown): void {
    this.d.logger.warn('updating failed', e)
    const message =
      e instanceof UpdateError || e instanceof AppError
        ? e.message
        : say.unexpected((e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 300) ?? '')
    this.set({ state: 'error', message, version: null, progress: null })
  }

  private set(patch: Partial<UpdateStatus>): void {
    this.status = { ...this.status, ...patch }
    if (!this.disposed) this.d.onStatus(this.status)
  }
}
