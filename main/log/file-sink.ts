import { existsSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import electronLog from 'electron-log/node'
import type { LogLevel, LogSink } from './logger'

export interface FileSinkOptions {
  /** The folder of the log files: `<dataDir>/logs`. */
  dir: string
  /** One file's size before it is rotated (default 5 MB). */
  maxBytes?: number
  /** Files kept, the current one included (default 5): main.log, main.1.log … main.4.log. */
  maxFiles?: number
  /** Also print to the console (development). */
  console?: boolean
}

export const LOG_FILE = 'main.log'
let instances = 0

/** Writes log lines to `<dir>/main.log` with electron-log's file transport, rotated by size. */
export class FileSink implements LogSink {
  readonly path: string
  private readonly log: ReturnType<typeof electronLog.create>

  constructor(options: FileSinkOptions) {
    const maxFiles = Math.max(1, options.maxFiles ?? 5)
    this.path = join(options.dir, LOG_FILE)
    this.log = electronLog.create({ logId: `jobqueue-${process.pid}-${++instances}` })
    const file = this.log.transports.file
    file.level = 'silly'
    file.maxSize = options.maxBytes ?? 5 * 1024 * 1024
    file.resolvePathFn = () => this.path
    file.archiveLogFn = (current) => rotate(current.path, maxFiles)
    this.log.transports.console.level = options.console ? 'silly' : false
    // The ipc and remote transports only make sense inside Electron.
    const transports = this.log.transports as Record<string, { level: unknown } | undefined>
    for (const name of ['ipc', 'remote']) if (transports[name]) transports[name].level = false
  }

  write(level: LogLevel, scope: string, message: string, data: unknown[]): void {
    const text = scope ? `(${scope}) ${message}` : message
    this.log[level](text, ...data)
  }
}

/** main.log → main.1.log → … → main.<maxFiles-1>.log; the oldest is dropped. */
function rotate(path: string, maxFiles: number): void {
  const numbered = (n: number) => path.replace(/\.log$/, `.${n}.log`)
  if (maxFiles === 1) return rmSync(path, { force: true })
  rmSync(numbered(maxFiles - 1), { force: true })
  for (let n = maxFiles - 2; n >= 1; n--) if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1))
  renameSync(path, numbered(1))
}
