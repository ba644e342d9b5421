// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import QueueTable from '../../../renderer/src/components/queue/QueueTable.vue'
import { isTyping } from '../../../renderer/src/composables/typing'
import { settle } from '../settle'
import { job } from '../../helpers/job-fixture'

/** The queue table's Windows keys: Del, F2, Shift+F10 and the Menu key, Ctrl+A; none of them while typing. */
const now = new Date('2026-11-28T12:00:00Z')
const jobs = Array.from({ length: 20 }, (_, i) => job({ id: `j${i}`, name: `Job ${i}` }))

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

function table(selected = new Set<string>()) {
  wrapper = mount(QueueTable, {
    props: { rows: jobs, sort: { column: null, direction: 'asc' }, selected, now, loading: false },
    global: { plugins: [createPinia()] },
    attachTo: document.body
  })
  return { w: wrapper, grid: wrapper.get('[data-testid=queue-table]') }
}

describe('queue table keys', () => {
  it('F2 renames the active row, Del asks to delete, Ctrl+A selects every row shown', async () => {
    const { w, grid } = table()
    await grid.trigger('keydown', { key: 'ArrowDown' })
    await grid.trigger('keydown', { key: 'ArrowDown' })
    await grid.trigger('keydown', { key: 'F2' })
    expect(w.emitted('rename')).toEqual([['j2']])
    await grid.trigger('keydown', { key: 'Delete' })
    expect(w.emitted('delete-key')).toHaveLength(1)
    await grid.trigger('keydown', { key: 'a', ctrlKey: true })
    expect(w.emitted('update:selected')?.at(-1)).toEqual([new Set(jobs.map((j) => j.id))])
  })

  it('Shift+F10 and the Menu key open the menu on the active row, making it the selection if it is outside it', async () => {
    const { w, grid } = table(new Set(['j0', 'j1']))
    await grid.trigger('keydown', { key: 'F10', shiftKey: true })
    await settle()
    expect(w.emitted('menu')?.[0]?.[0]).toBe('j0')
    // j0 was in the selection: the selection stays.
    expect(w.emitted('update:selected')).toBeUndefined()
    await grid.trigger('keydown', { key: 'End', ctrlKey: true })
    await grid.trigger('keydown', { key: 'ContextMenu' })
    await settle()
    expect(w.emitted('menu')?.at(-1)?.[0]).toBe('j19')
    expect(w.emitted('update:selected')?.at(-1)).toEqual([new Set(['j19'])])
    // F10 alone is the menu bar's key, not this one.
    await grid.trigger('keydown', { key: 'F10' })
    await settle()
    expect(w.emitted('menu')).toHaveLength(2)
  })

  it('a right-click on a row outside the selection selects it and opens the menu there', async () => {
    const { w } = table(new Set(['j0', 'j1']))
    await w.get('[data-testid=queue-row][data-job-id=j1]').trigger('contextmenu', { clientX: 5, clientY: 6 })
    expect(w.emitted('menu')?.at(-1)?.[0]).toBe('j1')
    expect(w.emitted('update:selected')).toBeUndefined()
    await w.get('[data-testid=queue-row][data-job-id=j4]').trigger('contextmenu')
    expect(w.emitted('menu')?.at(-1)?.[0]).toBe('j4')
    expect(w.emitted('update:selected')?.at(-1)).toEqual([new Set(['j4'])])
  })

  it('leaves the keys to a field being typed in', async () => {
    const { w, grid } = table(new Set(['j0']))
    const field = document.createElement('input')
    field.type = 'text'
    grid.element.append(field)
    for (const init of [
      { key: 'Delete' },
      { key: 'F2' },
      { key: 'a', ctrlKey: true },
      { key: 'F10', shiftKey: true }
    ]) {
      const e = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true })
      field.dispatchEvent(e)
      expect(e.defaultPrevented).toBe(false)
    }
    await settle()
    expect(w.emitted('delete-key')).toBeUndefined()
    expect(w.emitted('rename')).toBeUndefined()
    expect(w.emitted('menu')).toBeUndefined()
    expect(w.emitted('update:selected')).toBeUndefined()
  })
})

describe('what counts as typing', () => {
  it('text fields, text areas and editable elements; not check boxes or buttons', () => {
    const el = (html: string) => {
      const box = document.createElement('div')
      box.innerHTML = html
      return box.firstElementChild
    }
    expect(isTyping(el('<input type="search">'))).toBe(true)
    expect(isTyping(el('<input>'))).toBe(true)
    expect(isTyping(el('<textarea></textarea>'))).toBe(true)
    expect(isTyping(el('<div contenteditable="true"></div>'))).toBe(true)
    expect(isTyping(el('<input type="checkbox">'))).toBe(false)
    expect(isTyping(el('<button></button>'))).toBe(false)
    expect(isTyping(null)).toBe(false)
  })
})
