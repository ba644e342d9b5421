// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import StatusCounts from '../../../renderer/src/components/queue/StatusCounts.vue'
import { shownCounts } from '../../../renderer/src/components/queue/counts'
import { job } from '../../helpers/job-fixture'

const now = new Date('2026-11-28T12:00:00.000Z')
const unfinished = {
  kind: 'import' as const,
  finishedSuccessfully: false,
  numberOfErrors: 1,
  numberOfRecordsCreated: 0,
  numberOfRecordsUpdated: 0,
  numberOfTasks: 1
}
const listed = [
  job({ id: 'p', status: 'Pending' }),
  job({ id: 's', status: 'Pending', scheduledExecutionDate: '2026-11-29T12:00:00.000Z' }),
  job({ id: 'ok' }),
  job({ id: 'cwe', summary: unfinished }),
  job({ id: 'f', status: 'Failed' }),
  job({ id: 'x', status: 'Other', otherStatus: 'Paused' })
]
const server = { Pending: 10, Running: 1, Succeeded: 20, Failed: 3, Cancelled: 2, total: 38 }

describe('count chips: the badges’ words', () => {
  it('counts every shown status from the list when it is the whole queue', () => {
    const c = shownCounts(listed, now, server, true)
    expect(c.byStatus).toEqual({
      Scheduled: 1,
      Pending: 1,
      Running: 0,
      Succeeded: 1,
      CompletedWithErrors: 1,
      Failed: 1,
      Cancelled: 0,
      Other: 1
    })
    expect(c.total).toBe(6)
    expect(c.fromList).toEqual([])
  })

  it('takes the whole queue from the server and splits what it cannot from the listed jobs', () => {
    const c = shownCounts(listed, now, server, false)
    expect(c.byStatus).toEqual({
      Scheduled: 1,
      Pending: 9,
      Running: 1,
      Succeeded: 19,
      CompletedWithErrors: 1,
      Failed: 3,
      Cancelled: 2,
      Other: 2
    })
    expect(c.total).toBe(38)
    expect(c.fromList).toEqual(['Scheduled', 'CompletedWithErrors'])
  })

  it('says which chips come from a partial list, in their hint and their tooltip', () => {
    const w = mount(StatusCounts, { props: { counts: shownCounts(listed, now, server, false), active: [] } })
    const chip = (s: string) => w.find(`[data-testid="count-${s}"]`)
    expect(chip('CompletedWithErrors').find('.label').text()).toBe('Completed with errors')
    expect(chip('Scheduled').find('[data-testid="count-hint"]').text()).toBe('from 6 listed')
    expect(chip('Scheduled').attributes('title')).toBe(
      'Scheduled: counted from the 6 listed jobs only. The server counts 10 pending or scheduled in all. Show only Scheduled jobs.'
    )
    expect(chip('Pending').find('[data-testid="count-hint"]').exists()).toBe(false)
    expect(chip('Pending').attributes('title')).toContain('less the Scheduled listed')
    expect(chip('Other').find('.n').text()).toBe('2')
    expect(w.findAll('[data-testid="count-hint"]')).toHaveLength(2)
  })

  it('a chip filters to its one status, and shows no Other chip when there is none', async () => {
    const w = mount(StatusCounts, {
      props: { counts: shownCounts(listed.slice(0, 5), now, null, true), active: ['Scheduled'] }
    })
    expect(w.find('[data-testid="count-Other"]').exists()).toBe(false)
    expect(w.find('[data-testid="count-hint"]').exists()).toBe(false)
    await w.find('[data-testid="count-Pending"]').trigger('click')
    await w.find('[data-testid="count-Scheduled"]').trigger('click')
    expect(w.emitted('pick')).toEqual([[['Pending']], [[]]])
  })
})
