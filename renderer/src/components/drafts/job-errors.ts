import { effectiveStatus, type Job } from '../../../../common/domain'
import { plural } from '../../../../common/format'
import { call } from '../../api'

/** What went wrong with the job a draft was copied from, to show while the draft is fixed. */
export interface JobErrors {
  jobName: string
  /** The summary's words, then the log's ERROR lines (the first few, each cut to a readable length). */
  lines: string[]
  /** How many ERROR lines the log has in all. */
  logErrors: number
}

const MAX_LINES = 8
const MAX_CHARS = 400
const clip = (s: string) => (s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS - 1)}…` : s)

/** The summary's account of a job that failed or completed with errors. */
export function summaryLines(job: Job): string[] {
  const s = job.summary
  if (!s) return []
  if (s.kind === 'export') return s.errors.map(clip)
  if (s.numberOfErrors) return [`The import reported ${plural(s.numberOfErrors, 'error')}.`]
  return s.finishedSuccessfully ? [] : ['The import did not finish successfully.']
}

/** A failed job's errors, or null for a job that did not fail (or is gone). Reading the log is best effort. */
export async function loadJobErrors(jobId: string): Promise<JobErrors | null> {
  const r = await call('jobs.get', { id: jobId })
  if (!r.ok) return null
  const job = r.value
  const status = effectiveStatus(job, new Date())
  if (status !== 'Failed' && status !== 'CompletedWithErrors') return null
  const lines = summaryLines(job)
  let logErrors = 0
  const log = job.outputFileNames.find((n) => n.toLowerCase().endsWith('.log'))
  if (log) {
    const info = await call('jobs.openLog', { id: job.id, fileName: log })
    if (info.ok) {
      logErrors = info.value.errorLines.length
      for (const at of info.value.errorLines.slice(0, Math.max(0, MAX_LINES - lines.length))) {
        const got = await call('jobs.logLines', { id: job.id, fileName: log, start: at, count: 1 })
        if (got.ok && got.value.lines[0]) lines.push(clip(got.value.lines[0].trim()))
      }
    }
  }
  if (lines.length === 0) lines.push('The server gave no reason. Check the job’s log in the queue.')
  return { jobName: job.name, lines, logErrors }
}
