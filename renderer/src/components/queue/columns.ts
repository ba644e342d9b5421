import type { ColumnId } from '../../../../common/queue-view/sort'

/** The order itself lives in common/ (an export sorts the same way in main). */
export * from '../../../../common/queue-view/sort'

export interface ColumnDef {
  id: ColumnId
  label: string
  /** What the column chooser and screen readers call it. */
  title: string
  /** Default width in pixels; the name column grows from its width to fill the table. */
  width: number
  minWidth: number
  align?: 'end'
}

/** Widths fit a 1366-wide window with the default columns, and a 1280-wide one with the name a little narrower. */
export const columns: readonly ColumnDef[] = [
  { id: 'position', label: '#', title: 'Position', width: 76, minWidth: 44, align: 'end' },
  { id: 'name', label: 'Name', title: 'Name', width: 200, minWidth: 120 },
  { id: 'type', label: 'Type', title: 'Type', width: 112, minWidth: 80 },
  { id: 'status', label: 'Status', title: 'Status', width: 184, minWidth: 110 },
  { id: 'submitter', label: 'Submitter', title: 'Submitter', width: 112, minWidth: 72 },
  { id: 'submitted', label: 'Submitted', title: 'Submitted', width: 112, minWidth: 88 },
  { id: 'scheduled', label: 'Scheduled', title: 'Scheduled', width: 112, minWidth: 88 },
  { id: 'started', label: 'Started', title: 'Started', width: 112, minWidth: 88 },
  { id: 'completed', label: 'Completed', title: 'Completed', width: 112, minWidth: 88 },
  { id: 'duration', label: 'Duration', title: 'Duration', width: 88, minWidth: 72, align: 'end' }
]
export const columnById = Object.fromEntries(columns.map((c) => [c.id, c])) as Record<ColumnId, ColumnDef>
