import { describe, expect, it } from 'vitest'
import { keptViews, RowViews, rowView } from '../../../renderer/src/components/queue/row-view'
import { statusLook } from '../../../renderer/src/components/queue/status'
import { formatDuration } from '../../../common/format'
import { exactTimes, shortRelativeTime } from '../../../renderer/src/components/queue/format'
import { job } from '../../helpers/job-fixture'

const now = new Date('2026-11-28T12:00:00Z')

describe('row view', () => {
  it('has every cell as text, times relative with the exact local and UTC time in the tooltip', () => {
    const v = rowView(job({ id: 'a', name: 'Tensile', description: 'Batch 3', position: null }), now)
    expect(v.text).toMatchObject({
      position: '',
      name: 'Tensile',
      type: 'Excel import',
      status: 'Succeeded',
      submitter: 'admin',
      submitted: shortRelativeTime('2026-11-20T10:00:00.000Z', now),
      scheduled: '',
      duration: '1 min 00 s'
    })
    expect(v.text.submitted).toBe('Nov 20')
    expect(v.title.submitted).toMatch(/UTC$/)
    expect(v.title).toEqual({
      name: 'Tensile\nBatch 3',
      submitted: exactTimes('2026-11-20T10:00:00.000Z'),
      started: exactTimes('2026-11-20T10:01:00.000Z'),
      completed: exactTimes('2026-11-20T10:02:00.000Z')
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
  it('formats a job once per version, and again only when the minute turns', () => {
    const views = new RowViews()
    const a = job({ id: 'a' })
    const first = views.get(a, now)
    expect(views.get(a, new Date('2026-11-28T12:00:40Z'))).toBe(first)
    const later = views.get(a, new Date('2026-11-28T12:05:00Z'))
    expect(later).not.toBe(first)
    expect(later).toEqual(first)
    const renamed = { ...a, name: 'Renamed' }
    expect(views.get(renamed, now).text.name).toBe('Renamed')
  })

  it('keeps only the views of recently shown rows: a row scrolled far away is formatted again', () => {
    const views = new RowViews()
    const jobs = Array.from({ length: keptViews * 3 }, (_, i) => job({ id: `j${i}` }))
    const first = views.get(jobs[0]!, now)
    const shown = jobs.map((j) => views.get(j, now))
    const last = shown[shown.length - 1]
    expect(views.get(jobs[jobs.length - 1]!, now)).toBe(last)
    const again = views.get(jobs[0]!, now)
    expect(again).not.toBe(first)
    expect(again).toEqual(first)
  })

  it('keeps a view that is shown again and again, however many others come and go', () => {
    const views = new RowViews()
    const pinned = job({ id: 'pinned' })
    const view = views.get(pinned, now)
    for (let i = 0; i < keptViews * 3; i++) {
      views.get(job({ id: `j${i}` }), now)
      if (i % 50 === 0) expect(views.get(pinned, now)).toBe(view)
    }
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

  it('says Running for the running job, not its position 0', () => {
    const running = rowView(job({ id: 'r', status: 'Running', position: 0, completionDate: null }), now)
    expect(running.text.position).toBe('Running')
    expect(
      rowView(job({ id: 'p', status: 'Pending', position: 1, executionDate: null, completionDate: null }), now).text
        .position
    ).toBe('1')
  })
})

describe('shortRelativeTime', () => {
  it.each([
    ['2026-11-28T11:59:30Z', 'just now'],
    ['2026-11-28T11:55:00Z', '5 min ago'],
    ['2026-11-28T09:00:00Z', '3 h ago'],
    ['2026-11-26T12:00:00Z', '2 d ago'],
    ['2026-11-28T12:20:00Z', 'in 20 min'],
    ['2025-11-20T12:00:00Z', 'Nov 20, 2025'],
    [null, '']
  ])('%s reads %s', (iso, text) => expect(shortRelativeTime(iso, now)).toBe(text))
})
