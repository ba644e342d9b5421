import writeFileAtomic from 'write-file-atomic'
import type { JobLog } from '../processor'

/** `<job name>.log`, safe as a file name on Windows and Linux. */
export function logFileName(jobName: string): string {
  const safe = jobName
    // eslint-disable-next-line no-control-regex -- control characters are not allowed in Windows file names
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/[. ]+$/, '')
    .trim()
  return `${safe || 'job'}.log`
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** `2026-11-28 12:00:01,234` in UTC, the layout of Granta MI job logs. */
export function logTimestamp(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${pad(d.getUTCMilliseconds(), 3)}`
}

/** Collects a job's log lines; written once when the job ends. */
export class JobLogWriter implements JobLog {
  private readonly lines: string[] = []

  constructor(private readonly clock: () => Date) {}

  info(msg: string): void {
    this.add('INFO ', msg)
  }
  warn(msg: string): void {
    this.add('WARN ', msg)
  }
  error(msg: string): void {
    this.add('ERROR', msg)
  }

  text(): string {
    return this.lines.join('\n') + '\n'
  }

  async save(path: string): Promise<void> {
    await writeFileAtomic(path, this.text(), { fsync: true })
  }

  private add(level: string, msg: string): void {
    for (const line of msg.split(/\r?\n/)) this.lines.push(`${logTimestamp(this.clock())} ${level} ${line}`)
  }
}
