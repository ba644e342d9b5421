import { join } from 'node:path'
import { FileSink } from './file-sink'
import { Logger, type LogLevel } from './logger'

export { Logger, logLevels, type LogLevel, type LogSink } from './logger'
export { FileSink, LOG_FILE } from './file-sink'
export { MemorySink } from './memory-sink'

/** The folder of the log files. */
export const logsDir = (dataDir: string): string => join(dataDir, 'logs')

/** The app's logger: files in `<dataDir>/logs`, 5 × 5 MB. */
export function createFileLogger(dataDir: string, options: { level?: LogLevel; console?: boolean } = {}): Logger {
  return new Logger(new FileSink({ dir: logsDir(dataDir), console: options.console }), options.level ?? 'info')
}
