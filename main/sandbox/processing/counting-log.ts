import type { JobLog } from './types'

/** Passes lines through to the job's log and counts the errors for the summary. */
export class CountingLog implements JobLog {
  errors = 0
  warnings = 0

  constructor(private readonly inner: JobLog) {}

  info(msg: string): void {
    this.inner.info(msg)
  }

  warn(msg: string): void {
    this.warnings += 1
    this.inner.warn(msg)
  }

  error(msg: string): void {
    this.errors += 1
    this.inner.error(msg)
  }
}
