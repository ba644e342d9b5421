import type { Job } from '../../common/domain'

/**
 * What the Insights tables must say about a list of jobs, worked out here from the server's list on its own
 * terms (not with the app's statistics code): local days in the test's time zone, the status the queue shows.
 */
const statusWords: Record<string, string> = {
  Succeeded: 'Succeeded',
  CompletedWithErrors: 'Completed with errors',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
  Running: 'Running',
  Pending: 'Pending',
  Scheduled: 'Scheduled'
}
const typeWords: Record<string, string> = {
  ExcelImportJob: 'Excel import',
  ExcelExportJob: 'Excel export',
  TextImportJob: 'Text import'
}

export function shownStatus(j: Job, now: number): string {
  if (j.status === 'Succeeded') {
    const s = j.summary
    const errors = (s?.kind === 'import' && !s.finishedSuccessfully) || (s?.kind === 'export' && s.errors.length > 0)
    return statusWords[errors ? 'CompletedWithErrors' : 'Succeeded'] ?? ''
  }
  if (j.status === 'Pending' && j.scheduledExecutionDate && Date.parse(j.scheduledExecutionDate) > now)
    return 'Scheduled'
  return statusWords[j.status] ?? j.status
}
export const typeWord = (j: Job) => typeWords[j.type] ?? j.type

export function localDay(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms)
}

/** The last seven local days, oldest first. */
export function lastWeek(now: number, timeZone: string): string[] {
  const days = new Set<string>()
  for (let h = 0; days.size < 7; h += 1) days.add(localDay(now - h * 3_600_000, timeZone))
  return [...days].reverse()
}

/** column header → counts per day (rows in `days` order), for a key of each job. */
export function perDay(jobs: Job[], days: string[], timeZone: string, key: (j: Job) => string) {
  const out: Record<string, number[]> = {}
  for (const j of jobs) {
    const i = days.indexOf(localDay(Date.parse(j.submissionDate), timeZone))
    if (i < 0) continue
    const counts = (out[key(j)] ??= days.map(() => 0))
    counts[i] = (counts[i] ?? 0) + 1
  }
  return out
}

export function countBy(jobs: Job[], key: (j: Job) => string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const j of jobs) out[key(j)] = (out[key(j)] ?? 0) + 1
  return out
}
