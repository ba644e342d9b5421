// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { effectiveStatus } from '../../../common/domain'
import StatusBadge from '../../../renderer/src/components/queue/StatusBadge.vue'
import { jobStatusLook } from '../../../renderer/src/components/queue/status'
import { job } from '../../helpers/job-fixture'

const now = new Date('2026-11-28T12:00:00Z')
const importSummary = (finishedSuccessfully: boolean) => ({
  kind: 'import' as const,
  finishedSuccessfully,
  numberOfErrors: finishedSuccessfully ? 0 : 3,
  numberOfRecordsCreated: 1,
  numberOfRecordsUpdated: 0,
  numberOfTasks: 1
})

describe('status badge', () => {
  const cases = [
    {
      name: 'pending, no date',
      j: job({ id: 'a', status: 'Pending', scheduledExecutionDate: null }),
      status: 'Pending',
      label: 'Pending',
      tone: 'neutral'
    },
    {
      name: 'pending, date passed',
      j: job({ id: 'b', status: 'Pending', scheduledExecutionDate: '2026-11-28T11:59:00Z' }),
      status: 'Pending',
      label: 'Pending',
      tone: 'neutral'
    },
    {
      name: 'pending, date ahead',
      j: job({ id: 'c', status: 'Pending', scheduledExecutionDate: '2026-11-28T12:01:00Z' }),
      status: 'Scheduled',
      label: 'Scheduled',
      tone: 'info'
    },
    { name: 'running', j: job({ id: 'd', status: 'Running' }), status: 'Running', label: 'Running', tone: 'accent' },
    {
      name: 'import finished',
      j: job({ id: 'e', summary: importSummary(true) }),
      status: 'Succeeded',
      label: 'Succeeded',
      tone: 'success'
    },
    {
      name: 'import did not finish',
      j: job({ id: 'f', summary: importSummary(false) }),
      status: 'CompletedWithErrors',
      label: 'Completed with errors',
      tone: 'warning'
    },
    {
      name: 'export with errors',
      j: job({
        id: 'g',
        type: 'ExcelExportJob',
        summary: { kind: 'export', exportedRecords: 2, errors: ['Record 12 not found'] }
      }),
      status: 'CompletedWithErrors',
      label: 'Completed with errors',
      tone: 'warning'
    },
    {
      name: 'export clean',
      j: job({ id: 'h', type: 'ExcelExportJob', summary: { kind: 'export', exportedRecords: 2, errors: [] } }),
      status: 'Succeeded',
      label: 'Succeeded',
      tone: 'success'
    },
    { name: 'failed', j: job({ id: 'i', status: 'Failed' }), status: 'Failed', label: 'Failed', tone: 'danger' },
    {
      name: 'cancelled',
      j: job({ id: 'k', status: 'Cancelled' }),
      status: 'Cancelled',
      label: 'Cancelled',
      tone: 'muted'
    }
  ] as const

  for (const c of cases) {
    it(`${c.name} → ${c.label}`, () => {
      expect(jobStatusLook(c.j, now)).toMatchObject({ status: c.status, label: c.label, tone: c.tone })
      const w = mount(StatusBadge, { props: { status: effectiveStatus(c.j, now) } })
      expect(w.text()).toBe(c.label)
      expect(w.attributes('data-status')).toBe(c.status)
      expect(w.classes()).toContain(`tone-${c.tone}`)
      // Colour is never the only cue: every badge has an icon and its words.
      expect(w.find('i').classes().length).toBeGreaterThan(1)
    })
  }

  it('a scheduled job turns Pending once its time has come', () => {
    const j = job({ id: 's', status: 'Pending', scheduledExecutionDate: '2026-11-28T12:00:30Z' })
    expect(jobStatusLook(j, now).status).toBe('Scheduled')
    expect(jobStatusLook(j, new Date('2026-11-28T12:00:31Z')).status).toBe('Pending')
  })
})
