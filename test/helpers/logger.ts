import { Logger, MemorySink, type LogLevel } from '../../main/log'

/** The app's logger over a memory sink: what a test reads back instead of the log files. */
export function memoryLogger(level: LogLevel = 'debug'): { logger: Logger; sink: MemorySink } {
  const sink = new MemorySink()
  return { logger: new Logger(sink, level), sink }
}

/** A logger for tests that do not read what is logged. */
export const testLogger = (): Logger => memoryLogger().logger
