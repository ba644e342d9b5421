// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import QueueTable from '../../../renderer/src/components/queue/QueueTable.vue'
import StatusBadge from '../../../renderer/src/components/queue/StatusBadge.vue'
import { job } from '../../helpers/job-fixture'

const now = new Date('2026-11-28T12:00:00Z')
const jobs = Array.from({ length: 500 }, (_, i) =>
  job({ id: `j${i}`, name: `Job ${i}`, status: i % 7 === 0 ? 'Failed' : 'Succeeded' })
)

function table(selected = new Set<string>()) {
  return mount(QueueTable, {
    props: { rows: jobs, sort: { column: null, direction: 'asc' }, selected, now, loading: false },
    global: { plugins: [createPinia()] },
    attachTo: document.body
  })
}

describe('queue table', () => {
  it('puts only the rows on screen in the page, in order, with their grid positions', () => {
    const w = table()
    expect(w.get('[data-testid=queue-table]').attributes('data-rows')).toBe('500')
    const rows = w.findAll('[data-testid=queue-row]')
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThan(40)
    expect(rows.map((r) => r.attributes('aria-rowindex'))).toEqual(rows.map((_, i) => String(i + 2)))
    expect(rows[0]?.get('.col-name').text()).toBe('Job 0')
    w.unmount()
  })

  it('draws the badge StatusBadge draws', () => {
    const w = table()
    const row = w.get('[data-testid=queue-row][data-job-id=j0]')
    const badge = row.get('[data-testid=status-badge]')
    const reference = mount(StatusBadge, { props: { status: 'Failed' } })
    expect(badge.attributes('data-status')).toBe('Failed')
    expect(badge.classes().sort()).toEqual(reference.classes().sort())
    expect(badge.text()).toBe(reference.text())
    expect(badge.get('i').classes()).toEqual(reference.get('i').classes())
    w.unmount()
  })

  it('scrolls: the rows for the new position replace the old ones, recycling their elements', async () => {
    const w = table()
    const grid = w.get('[data-testid=queue-table]')
    const before = new Set(w.findAll('[data-testid=queue-row]').map((r) => r.element))
    grid.element.scrollTop = 36 * 400
    await grid.trigger('scroll')
    const rows = w.findAll('[data-testid=queue-row]')
    expect(rows[0]?.attributes('aria-rowindex')).toBe(String(400 + 2 - 1))
    expect(rows.some((r) => r.attributes('data-job-id') === 'j400')).toBe(true)
    const after = new Set(rows.map((r) => r.element))
    expect([...before].every((el) => after.has(el))).toBe(true)
    w.unmount()
  })

  it('selects like a Windows list: click, Ctrl+click, Shift+click', async () => {
    const w = table()
    const row = (i: number) => w.get(`[data-testid=queue-row][data-job-id=j${i}]`)
    await row(1).trigger('click')
    expect(w.emitted('update:selected')?.at(-1)).toEqual([new Set(['j1'])])
    await w.setProps({ selected: new Set(['j1']) })
    await row(3).trigger('click', { ctrlKey: true })
    expect(w.emitted('update:selected')?.at(-1)).toEqual([new Set(['j1', 'j3'])])
    await row(4).trigger('click', { shiftKey: true })
    expect(w.emitted('update:selected')?.at(-1)).toEqual([new Set(['j3', 'j4'])])
    await w.setProps({ selected: new Set(['j3', 'j4']) })
    expect(row(3).attributes('aria-selected')).toBe('true')
    expect(row(3).classes()).toContain('selected')
    expect(row(2).attributes('aria-selected')).toBe('false')
    w.unmount()
  })

  it("a row's check box adds its job to the selection and says whether it is checked", async () => {
    const w = table()
    const check = (i: number) => w.get(`[data-testid=queue-row][data-job-id=j${i}] [data-testid=row-check]`)
    expect(check(2).attributes('role')).toBe('checkbox')
    expect(check(2).attributes('aria-label')).toBe('Select Job 2')
    expect(check(2).attributes('aria-checked')).toBe('false')
    await check(2).trigger('click')
    expect(w.emitted('update:selected')?.at(-1)).toEqual([new Set(['j2'])])
    expect(w.emitted('open')).toBeUndefined()
    await w.setProps({ selected: new Set(['j2']) })
    await check(5).trigger('click')
    expect(w.emitted('update:selected')?.at(-1)).toEqual([new Set(['j2', 'j5'])])
    await w.setProps({ selected: new Set(['j2', 'j5']) })
    expect(check(2).attributes('aria-checked')).toBe('true')
    w.unmount()
  })

  it('moves with the keyboard and opens with Enter', async () => {
    const w = table()
    const grid = w.get('[data-testid=queue-table]')
    await grid.trigger('keydown', { key: 'ArrowDown' })
    expect(w.emitted('update:selected')?.at(-1)).toEqual([new Set(['j1'])])
    expect(grid.attributes('aria-activedescendant')).toBe('queue-row-j1')
    await grid.trigger('keydown', { key: 'Enter' })
    expect(w.emitted('open')?.at(-1)).toEqual(['j1'])
    await grid.trigger('keydown', { key: 'End' })
    expect(grid.attributes('aria-activedescendant')).toBe('queue-row-j499')
    expect(w.find('[data-testid=queue-row][data-job-id=j499]').exists()).toBe(true)
    w.unmount()
  })
})
