import { describe, expect, it } from 'vitest'
import { RowViews, rowView } from '../../../renderer/src/components/queue/row-view'
import { statusLook } from '../../../renderer/src/components/queue/status'
import { formatDuration } from '../../../common/format'
import { localDateTime } from '../../../renderer/src/components/queue/format'
import { job } from './jobs'

const now = new Date('2026-11-28T12:00:00Z')

describe('row view', () => {
  it('has every cell as text, the dates in local time with UTC in the tooltip', () => {
    const v = rowView(job({ id: 'a', name: 'Tensile', description: 'Batch 3', position: null }), now)
    expect(v.text).toMatchObject({
      position: '',
      name: 'Tensile',
      type: 'Excel import',
      status: 'Succeeded',
      submitter: 'admin',
      submitted: localDateTime('2026-11-20T10:00:00.000Z'),
      scheduled: '',
      duration: '1 min 00 s'
    })
    expect(v.title).toEqual({
      name: 'Tensile\nBatch 3',
      submitted: '2026-11-20 10:00:00 UTC',
      started: '2026-11-20 10:01:00 UTC',
      completed: '2026-11-20 10:02:00 UTC'
    })
  })

  it('draws the same badge as StatusBadge, "Completed with errors" included', () => {
    const summary = {
      kind: 'import' as const,
      finishedSuccessfully: false,
      numberOfErrors: 2,
      numberOfRecordsCreated: 0,
      numberOfRecordsUpdated: 0,
      numberOfTasks: 1
    }
    const v = rowView(job({ id: 'b', summary }), now)
    expect(v.status).toEqual(statusLook('CompletedWithErrors'))
    expect(v.status.label).toBe('Completed with errors')
    expect(v.badgeClass).toBe('status-badge tone-warning')
    expect(rowView(job({ id: 'c', status: 'Failed' }), now).badgeClass).toBe('status-badge tone-danger')
  })
})

describe('RowViews', () => {
  it('formats a job once per version', () => {
    const views = new RowViews()
    const a = job({ id: 'a' })
    const first = views.get(a, now)
    expect(views.get(a, new Date('2026-11-28T12:05:00Z'))).toBe(first)
    const renamed = { ...a, name: 'Renamed' }
    expect(views.get(renamed, now).text.name).toBe('Renamed')
  })

  it('formats a running job again when the clock moves: its duration grows', () => {
    const views = new RowViews()
    const running = job({ id: 'r', status: 'Running', executionDate: '2026-11-28T11:59:00Z', completionDate: null })
    expect(views.get(running, now).text.duration).toBe(formatDuration(60_000))
    expect(views.get(running, new Date('2026-11-28T12:01:00Z')).text.duration).toBe(formatDuration(120_000))
  })

  it('turns a scheduled job Pending once its time has come', () => {
    const views = new RowViews()
    const scheduled = job({
      id: 's',
      status: 'Pending',
      scheduledExecutionDate: '2026-11-28T12:00:30Z',
      executionDate: null,
      completionDate: null
    })
    expect(views.get(scheduled, now).status.status).toBe('Scheduled')
    expect(views.get(scheduled, new Date('2026-11-28T12:01:00Z')).status.status).toBe('Pending')
  })
})
