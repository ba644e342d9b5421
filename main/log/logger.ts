import { logLevels, type LogLevel } from '../../common/policy'
import { redact, redactText } from './redact'

export { logLevels, type LogLevel }

/** Where log lines go: rotating files (file-sink.ts) or memory (memory-sink.ts). Receives redacted data only. */
export interface LogSink {
  write(level: LogLevel, scope: string, message: string, data: unknown[]): void
}

/**
 * The app's one logger, built in main/app.ts and injected into every service. Everything logged, raw errors
 * included, passes through `redact` before it reaches a sink.
 */
export class Logger {
  /** Shared by a logger and all its children, so `setLevel` applies to every service at once. */
  private readonly shared: { level: LogLevel }

  constructor(
    private readonly sink: LogSink,
    level: LogLevel | { level: LogLevel } = 'info',
    private readonly scope = ''
  ) {
    this.shared = typeof level === 'string' ? { level } : level
  }

  /** The same logger, its lines marked with `scope` (`queue`, `granta`…). */
  child(scope: string): Logger {
    return new Logger(this.sink, this.shared, this.scope ? `${this.scope}.${scope}` : scope)
  }

  get level(): LogLevel {
    return this.shared.level
  }

  /** Changes the level of this logger, its parent and every child, from the next line on. */
  setLevel(level: LogLevel): void {
    this.shared.level = level
  }

  enabled(level: LogLevel): boolean {
    return logLevels.indexOf(level) <= logLevels.indexOf(this.shared.level)
  }

  error(message: string, ...data: unknown[]): void {
    this.write('error', message, data)
  }
  warn(message: string, ...data: unknown[]): void {
    this.write('warn', message, data)
  }
  info(message: string, ...data: unknown[]): void {
    this.write('info', message, data)
  }
  debug(message: string, ...data: unknown[]): void {
    this.write('debug', message, data)
  }

  private write(level: LogLevel, message: string, data: unknown[]): void {
    if (!this.enabled(level)) return
    try {
      this.sink.write(
        level,
        this.scope,
        redactText(message),
        data.filter((d) => d !== undefined).map((d) => redact(d))
      )
    } catch {
      // A log that cannot be written must not break what was being logged.
    }
  }
}
