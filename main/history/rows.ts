import { effectiveStatus, type Job } from '../../common/domain'
import { historyJobSchema, type HistoryJob } from '../../common/insights/history-job'

/** A row of the `jobs` table, as SQLite returns it. */
export interface JobRow {
  id: string
  type: string
  other_type: string | null
  submitter: string
  status: string
  other_status: string | null
  with_errors: number
  name: string
  submitted: string
  scheduled: string | null
  started: string | null
  completed: string | null
  last_seen: string
}

/** The values of one upsert, in the order of `upsertSql`'s columns. */
export function jobValues(job: Job, seenAt: string): (string | number | null)[] {
  const withErrors = effectiveStatus(job) === 'CompletedWithErrors' ? 1 : 0
  return [
    job.id,
    job.type,
    job.otherType,
    job.submitterName,
    job.status,
    job.otherStatus,
    withErrors,
    job.name,
    job.submissionDate,
    job.scheduledExecutionDate,
    job.executionDate,
    job.completionDate,
    seenAt
  ]
}

export const upsertSql = `INSERT INTO jobs (id, type, other_type, submitter, status, other_status, with_errors, name,
    submitted, scheduled, started, completed, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET type = excluded.type, other_type = excluded.other_type,
    submitter = excluded.submitter, status = excluded.status, other_status = excluded.other_status,
    with_errors = excluded.with_errors, name = excluded.name, submitted = excluded.submitted,
    scheduled = excluded.scheduled, started = excluded.started, completed = excluded.completed,
    last_seen = excluded.last_seen`

/** A row read back, checked: a row that does not parse (edited by hand, written by a newer app) is null. */
export function rowToJob(row: JobRow): HistoryJob | null {
  const parsed = historyJobSchema.safeParse({
    id: row.id,
    type: row.type,
    otherType: row.other_type,
    submitter: row.submitter,
    status: row.status,
    otherStatus: row.other_status,
    withErrors: row.with_errors === 1,
    name: row.name,
    submitted: row.submitted,
    scheduled: row.scheduled,
    started: row.started,
    completed: row.completed,
    lastSeen: row.last_seen
  })
  return parsed.success ? parsed.data : null
}
