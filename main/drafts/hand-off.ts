import { basename } from 'node:path'
import type { DraftView } from '../../common/drafts'
import type { HandOff } from '../../common/channels/drafts'
import { AppError, toErrorValue } from '../../common/errors'
import type { PathGrants } from '../files/path-grants'
import type { Platform } from '../files/path-shape'
import type { Logger } from '../log'
import { DRAFT_FILE_EXTENSION, handedOffArgs } from './hand-off-args'

export interface DraftHandOffOptions {
  grants: PathGrants
  /** The drafts exchange's import. */
  importDraft: (path: string) => Promise<DraftView>
  /** Tells the renderer there is something to take (`drafts.handedOff`). */
  announce: () => void
  logger: Logger
  platform?: Platform
}

/**
 * Draft files handed to the app: from the file association or `--import` at start, or by a second start of the app
 * (the single-instance lock passes its command line here). Each file becomes a path grant, is imported as a new
 * draft, and waits until the renderer takes it, so the first window, loading still, misses none.
 */
export class DraftHandOff {
  private pending: HandOff[] = []
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly options: DraftHandOffOptions) {}

  /** Imports the draft files a command line names; resolves when they are all imported or refused. */
  receive(argv: readonly string[], cwd: string): Promise<void> {
    const { files, refused } = handedOffArgs(argv, cwd, this.options.platform)
    if (files.length === 0 && refused.length === 0) return this.queue
    const run = async () => {
      for (const file of refused) {
        this.add({
          file,
          error: toErrorValue(
            new AppError(
              'Validation',
              `"${file}" is not a draft file. JobQueue Desktop opens ${DRAFT_FILE_EXTENSION} files; in Drafts, choose Import to pick one.`
            )
          )
        })
      }
      for (const file of files) this.add(await this.open(file))
      this.options.announce()
    }
    this.queue = this.queue.then(run, run)
    return this.queue
  }

  /** What was handed off since the last call, oldest first. */
  take(): HandOff[] {
    const taken = this.pending
    this.pending = []
    return taken
  }

  private async open(file: string): Promise<HandOff> {
    try {
      this.options.grants.grant(file, 'file', 'import')
      const draft = await this.options.importDraft(file)
      this.options.logger.info(`opened the draft file ${basename(file)} as draft ${draft.id}`)
      return { file, draft: { id: draft.id, name: draft.name } }
    } catch (e) {
      const error = toErrorValue(e)
      this.options.logger.warn(`could not open the draft file ${basename(file)}: ${error.message}`)
      return { file, error }
    }
  }

  private add(item: HandOff): void {
    // A flood of second starts cannot grow this without bound.
    this.pending = [...this.pending, item].slice(-50)
  }
}
