// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import PrimeVue from 'primevue/config'
import QueueTable from '../../../renderer/src/components/queue/QueueTable.vue'
import SkippedJobsBanner from '../../../renderer/src/components/queue/SkippedJobsBanner.vue'
import { rowView } from '../../../renderer/src/components/queue/row-view'
import { gsaGetJobsResponseSchema } from '../../../main/granta/schemas'
import { job } from '../../helpers/job-fixture'

const now = new Date('2026-11-28T12:00:00Z')

/** 100 jobs as a server lists them: the first without an id, the second of a type from a newer release. */
function serverList() {
  const results: Record<string, unknown>[] = Array.from({ length: 100 }, (_, i) => ({
    id: `job-${i}`,
    name: `Job ${i}`,
    type: i === 1 ? 'DataUpdaterJob' : 'ExcelImportJob',
    status: 'Succeeded',
    submitterName: 'writer',
    submitterRoles: ['MI_USER'],
    submissionDate: `2026-11-27T10:00:${String(i % 60).padStart(2, '0')}Z`
  }))
  delete results[0]?.['id']
  return gsaGetJobsResponseSchema.parse({ totalResultCount: 100, results })
}

describe('a list with a job the app cannot read and one of an unknown type', () => {
  it('shows 99 rows, the unknown type as "Other: DataUpdaterJob"', () => {
    const list = serverList()
    const w = mount(QueueTable, {
      props: {
        rows: list.results,
        sort: { column: null, direction: 'asc' },
        selected: new Set<string>(),
        now,
        loading: false
      },
      global: { plugins: [createPinia()] },
      attachTo: document.body
    })
    expect(w.get('[data-testid=queue-table]').attributes('data-rows')).toBe('99')
    expect(w.get('[data-testid=queue-row][data-job-id=job-1] .col-type').text()).toBe('Other: DataUpdaterJob')
    expect(w.find('[data-testid=queue-row][data-job-id=job-0]').exists()).toBe(false)
    w.unmount()
  })

  it('shows a banner for 1 job, and the details dialog names the field and the reason', async () => {
    const { skipped } = serverList()
    const w = mount(SkippedJobsBanner, { props: { skipped }, global: { plugins: [PrimeVue] }, attachTo: document.body })
    expect(w.get('[data-testid=skipped-count]').text()).toBe('1 job could not be read.')
    await w.get('[data-testid=skipped-details] button, button[data-testid=skipped-details]').trigger('click')
    await flushPromises()
    const rows = [...document.querySelectorAll('[data-testid=skipped-row]')].map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())
    )
    expect(rows).toEqual([['(no id)', 'results.0.id', skipped[0]?.reason]])
    expect(skipped[0]?.reason).not.toBe('')
    w.unmount()
  })

  it('shows no banner when every job was read', () => {
    const w = mount(SkippedJobsBanner, { props: { skipped: [] }, global: { plugins: [PrimeVue] } })
    expect(w.find('[data-testid=skipped-banner]').exists()).toBe(false)
  })

  it('shows an unknown status as "Other: Paused", an empty name as a placeholder, and clips a huge description', () => {
    const view = rowView(
      job({ id: 'x', name: '', status: 'Other', otherStatus: 'Paused', description: 'd'.repeat(5_000_000) }),
      now
    )
    expect(view.status.label).toBe('Other: Paused')
    expect(view.text.name).toBe('(no name)')
    expect(view.title.name?.length).toBeLessThan(3_000)
  })
})
