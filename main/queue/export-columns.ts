import { jobTypeLabel, type Job } from '../../common/domain'
import { durationMs } from '../../common/queue-view/duration'
import type { ColumnId } from '../../common/queue-view/sort'
import { jobStatusLabel } from '../../common/status-words'
import type { ExportColumn } from '../export'

/** A date column becomes two in a file: local time and UTC, both real dates. */
function dates(label: string, pick: (job: Job) => string | null): ExportColumn<Job>[] {
  const at = (job: Job) => {
    const iso = pick(job)
    return iso ? new Date(iso) : null
  }
  return [
    { kind: 'date', header: `${label} (local)`, zone: 'local', width: 20, value: at },
    { kind: 'date', header: `${label} (UTC)`, zone: 'utc', width: 20, value: at }
  ]
}

/** The file's columns for the queue's visible columns, in their order; `now` is when the export runs. */
export function queueExportColumns(ids: readonly ColumnId[], now: Date): ExportColumn<Job>[] {
  const of = (id: ColumnId): ExportColumn<Job>[] => {
    switch (id) {
      case 'position':
        return [{ kind: 'number', header: 'Position', width: 10, value: (j) => j.position }]
      case 'name':
        return [{ kind: 'text', header: 'Name', width: 40, value: (j) => j.name }]
      case 'type':
        return [{ kind: 'text', header: 'Type', width: 16, value: (j) => jobTypeLabel(j) }]
      case 'status':
        return [{ kind: 'text', header: 'Status', width: 22, value: (j) => jobStatusLabel(j, now) }]
      case 'submitter':
        return [{ kind: 'text', header: 'Submitter', width: 16, value: (j) => j.submitterName }]
      case 'submitted':
        return dates('Submitted', (j) => j.submissionDate)
      case 'scheduled':
        return dates('Scheduled', (j) => j.scheduledExecutionDate)
      case 'started':
        return dates('Started', (j) => j.executionDate)
      case 'completed':
        return dates('Completed', (j) => j.completionDate)
      case 'duration':
        return [
          {
            kind: 'number',
            header: 'Duration (s)',
            width: 14,
            numFmt: '0.0',
            value: (j) => {
              const ms = durationMs(j, now)
              return ms === null ? null : ms / 1000
            }
          }
        ]
    }
  }
  return ids.flatMap(of)
}
