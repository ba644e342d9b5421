// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import PrimeVue from 'primevue/config'
import Tooltip from 'primevue/tooltip'
import QueueFilterBar from '../../../renderer/src/components/queue/QueueFilterBar.vue'
import { presetRange } from '../../../renderer/src/components/queue/date-presets'
import { emptyFilters, filterJobs, queryToFilters, withFilters } from '../../../renderer/src/components/queue/filters'
import { job } from '../../helpers/job-fixture'

/**
 * Date presets in local time, in New York across the end of daylight saving time (1 November 2026): local midnight
 * is 04:00 UTC before it and 05:00 UTC after, so a range computed in UTC or with a fixed offset is caught.
 */
const zone = process.env.TZ
beforeAll(() => {
  process.env.TZ = 'America/New_York'
})
afterAll(() => {
  process.env.TZ = zone
})
// Tuesday 3 November 2026, 10:00 in New York (EST, UTC−5).
const now = new Date('2026-11-03T15:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()

describe('date presets', () => {
  it('runs in New York time (else these tests would prove nothing)', () => {
    expect(now.getTimezoneOffset()).toBe(300)
    expect(new Date('2026-10-28T12:00:00Z').getTimezoneOffset()).toBe(240)
  })

  it('Today is local midnight to the next; Last 24 hours is exactly that', () => {
    const today = presetRange('today', now)
    expect([iso(today.from), iso(today.to)]).toEqual(['2026-11-03T05:00:00.000Z', '2026-11-04T05:00:00.000Z'])
    expect(iso(presetRange('24h', now).from)).toBe('2026-11-02T15:00:00.000Z')
    expect(presetRange('24h', now).to).toBe(Infinity)
  })

  it('Last 7 and 30 days start at the local midnight of the first day, across the clock change', () => {
    // 28 October was still summer time: its midnight is 04:00 UTC.
    expect(iso(presetRange('7d', now).from)).toBe('2026-10-28T04:00:00.000Z')
    expect(iso(presetRange('30d', now).from)).toBe('2026-10-05T04:00:00.000Z')
  })

  it('filters rows by submission time, and lives in the route', () => {
    const jobs = [
      job({ id: 'late-yesterday', submissionDate: '2026-11-03T04:30:00Z' }), // 23:30 on the 2nd, local
      job({ id: 'early-today', submissionDate: '2026-11-03T05:30:00Z' }), // 00:30 on the 3rd, local
      job({ id: 'week-start', submissionDate: '2026-10-28T04:10:00Z' }), // 00:10 on 28 October, local
      job({ id: 'week-before', submissionDate: '2026-10-28T03:50:00Z' }) // 23:50 on 27 October, local
    ]
    const ids = (within: '' | 'today' | '24h' | '7d' | '30d') =>
      filterJobs(jobs, { ...emptyFilters(), within }, { username: null, now }).map((j) => j.id)
    expect(ids('today')).toEqual(['early-today'])
    expect(ids('24h')).toEqual(['late-yesterday', 'early-today'])
    expect(ids('7d')).toEqual(['late-yesterday', 'early-today', 'week-start'])
    expect(ids('30d')).toHaveLength(4)
    const query = withFilters({ job: 'x', from: '2026-10-01' }, { ...emptyFilters(), within: '7d' })
    expect(query).toEqual({ job: 'x', within: '7d' })
    expect(queryToFilters({ within: '7d', from: '2026-10-01' })).toEqual({ ...emptyFilters(), within: '7d' })
    expect(queryToFilters({ within: 'forever' })).toEqual(emptyFilters())
  })
})

describe('the presets in the date picker', () => {
  let w: VueWrapper | undefined
  afterEach(() => {
    w?.unmount()
    document.body.innerHTML = ''
  })

  it('picks one, which replaces the days and shows its name; picking it again clears it', async () => {
    const filters = { ...emptyFilters(), from: '2026-10-01', to: '2026-10-02' }
    w = mount(QueueFilterBar, {
      props: { filters, submitters: [], username: 'admin' },
      global: { plugins: [PrimeVue], directives: { tooltip: Tooltip } },
      attachTo: document.body
    })
    const input = w.get('[data-testid=filter-dates] input')
    await input.trigger('focus')
    await input.trigger('click')
    await flushPromises()
    const preset = () => document.querySelector<HTMLButtonElement>('[data-testid=date-preset-7d]')
    expect(preset()?.textContent).toContain('Last 7 days')
    preset()?.click()
    expect(w.emitted('change')?.at(-1)).toEqual([{ ...filters, from: '', to: '', within: '7d' }, false])
    await w.setProps({ filters: { ...emptyFilters(), within: '7d' } })
    expect(w.get('[data-testid=filter-dates]').attributes('data-preset')).toBe('7d')
    expect(w.get('[data-testid=filter-dates] input').attributes('placeholder')).toBe('Last 7 days')
    await w.get('[data-testid=filter-dates] input').trigger('click')
    await flushPromises()
    preset()?.click()
    expect(w.emitted('change')?.at(-1)).toEqual([emptyFilters(), false])
  })
})
