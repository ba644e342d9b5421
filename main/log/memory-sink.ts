import { inspect } from 'node:util'
import type { LogLevel, LogSink } from './logger'

export interface MemoryLine {
  level: LogLevel
  scope: string
  text: string
}

/** Keeps log lines in memory, formatted as the file sink would write them (for the browser host's tests). */
export class MemorySink implements LogSink {
  readonly lines: MemoryLine[] = []

  write(level: LogLevel, scope: string, message: string, data: unknown[]): void {
    const text = [message, ...data.map((d) => (typeof d === 'string' ? d : inspect(d, { depth: 5 })))].join(' ')
    this.lines.push({ level, scope, text })
  }

  /** Everything written, one line per entry. */
  text(): string {
    return this.lines.map((l) => `[${l.level}]${l.scope ? ` (${l.scope})` : ''} ${l.text}`).join('\n')
  }
}
