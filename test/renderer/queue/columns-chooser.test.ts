// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import PrimeVue from 'primevue/config'
import Tooltip from 'primevue/tooltip'
import ColumnChooser from '../../../renderer/src/components/queue/ColumnChooser.vue'
import QueueTable from '../../../renderer/src/components/queue/QueueTable.vue'
import { TABLE_STATE_KEY, loadTableState } from '../../../renderer/src/components/queue/table-state'
import { useQueueColumnsStore } from '../../../renderer/src/components/queue/columns-store'
import { job } from '../../helpers/job-fixture'

const now = new Date('2026-11-28T12:00:00Z')
const headers = (w: ReturnType<typeof mount>) =>
  w.findAll('[role=columnheader][data-column]').map((h) => h.attributes('data-column'))

function mountTable() {
  return mount(QueueTable, {
    props: {
      rows: [job({ id: 'a' })],
      sort: { column: null, direction: 'asc' },
      selected: new Set<string>(),
      now,
      loading: false
    },
    attachTo: document.body
  })
}

describe('the queue table’s columns', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    localStorage.clear()
    document.body.innerHTML = ''
  })

  it('fits a laptop by default: Scheduled, Started and Completed hidden, Duration shown', () => {
    const w = mountTable()
    expect(headers(w)).toEqual(['position', 'name', 'type', 'status', 'submitter', 'submitted', 'duration'])
    expect(
      w.findAll('[data-testid=queue-row] .cell').map((c) => c.classes().find((k) => k.startsWith('col-')))
    ).toEqual([
      undefined,
      'col-position',
      'col-name',
      'col-type',
      'col-status',
      'col-submitter',
      'col-submitted',
      'col-duration',
      undefined
    ])
    w.unmount()
  })

  it('shows, hides and moves columns from the chooser, remembers them, and resets to the defaults', async () => {
    const chooser = mount(ColumnChooser, {
      global: { plugins: [PrimeVue], directives: { tooltip: Tooltip } },
      attachTo: document.body
    })
    await chooser.get('[data-testid=column-chooser]').trigger('click')
    await flushPromises()
    const option = (id: string) => document.querySelector(`[data-testid=column-option-${id}]`)
    ;(option('started')?.querySelector('input') as HTMLInputElement).click()
    await flushPromises()
    ;(option('duration')?.querySelector('button[aria-label="Move Duration earlier"]') as HTMLButtonElement).click()
    await flushPromises()
    // The name cannot be hidden.
    expect((option('name')?.querySelector('input') as HTMLInputElement).disabled).toBe(true)

    const w = mountTable()
    expect(headers(w)).toEqual(['position', 'name', 'type', 'status', 'submitter', 'submitted', 'started', 'duration'])
    const saved = loadTableState()
    expect(saved.hidden).toEqual(['scheduled', 'completed'])
    expect(saved.order.slice(-2)).toEqual(['duration', 'completed'])

    // A restart reads the same choice back.
    setActivePinia(createPinia())
    expect(useQueueColumnsStore().visible.map((c) => c.id)).toContain('started')

    ;(document.querySelector('[data-testid=columns-reset]') as HTMLButtonElement).click()
    await flushPromises()
    expect(loadTableState().hidden).toEqual(['scheduled', 'started', 'completed'])
    w.unmount()
    chooser.unmount()
  })

  it('reads a saved table of an older version, or a damaged one, as the defaults plus what it can', () => {
    localStorage.setItem(
      TABLE_STATE_KEY,
      JSON.stringify({ sort: { column: 'name', direction: 'desc' }, widths: { name: 300 } })
    )
    expect(loadTableState()).toMatchObject({
      sort: { column: 'name', direction: 'desc' },
      widths: { name: 300 },
      hidden: ['scheduled', 'started', 'completed']
    })
    localStorage.setItem(
      TABLE_STATE_KEY,
      JSON.stringify({ order: ['duration', 'bogus', 'name', 'name'], hidden: ['name', 'type', 7] })
    )
    const s = loadTableState()
    expect(s.order.indexOf('duration')).toBeLessThan(s.order.indexOf('name'))
    expect(new Set(s.order).size).toBe(10)
    expect(s.hidden).toEqual(['type'])
    localStorage.setItem(TABLE_STATE_KEY, '{not json')
    expect(loadTableState().hidden).toEqual(['scheduled', 'started', 'completed'])
  })
})
