import { redact, redactText } from './redact'

export const logLevels = ['error', 'warn', 'info', 'debug'] as const
export type LogLevel = (typeof logLevels)[number]

/** Where log lines go: rotating files (file-sink.ts) or memory (memory-sink.ts). Receives redacted data only. */
export interface LogSink {
  write(level: LogLevel, scope: string, message: string, data: unknown[]): void
}

/**
 * The app's one logger, built in main/app.ts and injected into every service. Everything logged, raw errors
 * included, passes through `redact` before it reaches a sink.
 */
export class Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly level: LogLevel = 'info',
    private readonly scope = ''
  ) {}

  /** The same logger, its lines marked with `scope` (`queue`, `granta`…). */
  child(scope: string): Logger {
    return new Logger(this.sink, this.level, this.scope ? `${this.scope}.${scope}` : scope)
  }

  enabled(level: LogLevel): boolean {
    return logLevels.indexOf(level) <= logLevels.indexOf(this.level)
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
