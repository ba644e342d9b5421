import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Job } from '../../common/domain'
import { AppError } from '../../common/errors'
import type { QueueExportInput, QueueExportResult } from '../../common/queue-export'
import { queueRows } from '../../common/queue-view/rows'
import type { Clock } from '../clock'
import { exportTable, type WriteOptions } from '../export'
import type { PathGate } from '../files/path-gate'
import type { Logger } from '../log'
import { queueExportColumns } from './export-columns'

export interface QueueExporterOptions {
  /** The jobs the monitor holds now. */
  jobs: () => readonly Job[]
  /** Who "only mine" means: the signed-in user, else the one the held list was read as. */
  username: () => string | null
  /** Where a file goes when the renderer names no path (the browser host has no save dialog): the default download folder. */
  defaultFolder: () => string | null
  /** Used when no download folder is set. */
  fallbackFolder: string
  gate: PathGate
  clock: Clock
  logger: Logger
  write?: WriteOptions
}

const two = (n: number) => String(n).padStart(2, '0')

/** Writes the queue view (its filter, sort and columns) from the jobs main holds: never a list the renderer sent. */
export class QueueExporter {
  constructor(private readonly options: QueueExporterOptions) {}

  async export(input: QueueExportInput): Promise<QueueExportResult> {
    const now = this.options.clock.now()
    const path = input.path ? await this.admitted(input.path) : await this.freshPath(input.format, now)
    const rows = queueRows(this.options.jobs(), input.filter, input.sort, {
      username: this.options.username(),
      now
    })
    try {
      const result = await exportTable(
        path,
        input.format,
        { sheetName: 'Queue', columns: queueExportColumns(input.columns, now), rows },
        this.options.write
      )
      this.options.logger.info(`exported ${result.rows} jobs as ${input.format}`)
      return result
    } catch (e) {
      this.options.logger.warn('exporting the queue failed', e)
      const reason = e instanceof Error && 'code' in e ? ` (${String(e.code)})` : ''
      throw new AppError(
        'Disk',
        `The queue could not be saved to ${path}${reason}. Check that the folder exists and that you may write there, or choose another one.`
      )
    }
  }

  private async admitted(path: string): Promise<string> {
    await this.options.gate.admit(path, 'write')
    return path
  }

  /** `Queue 2026-12-02 17-10.xlsx` in the default folder, `(2)` added when the name is taken. */
  private async freshPath(format: 'xlsx' | 'csv', now: Date): Promise<string> {
    const folder = this.options.defaultFolder() ?? this.options.fallbackFolder
    await mkdir(folder, { recursive: true })
    const stamp = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())} ${two(now.getHours())}-${two(now.getMinutes())}`
    for (let n = 1; n < 1000; n++) {
      const path = join(folder, `Queue ${stamp}${n > 1 ? ` (${n})` : ''}.${format}`)
      if (!(await exists(path))) {
        // Main chose it, in a folder the user set: the window may open it or show it in its folder.
        this.options.gate.grants.grant(path, 'file', 'download')
        return path
      }
    }
    throw new AppError('Disk', `${folder} already holds 999 queue exports from this minute. Clear some, or try again.`)
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}
