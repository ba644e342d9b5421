// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import PrimeVue from 'primevue/config'
import ToastService from 'primevue/toastservice'
import Tooltip from 'primevue/tooltip'
import type { HandlerTable } from '../../../common/contract'
import type { QueueExportInput } from '../../../common/queue-export'
import { emptyFilters } from '../../../common/queue-view/filter'
import { EventBus } from '../../../main/events'
import ExportControl from '../../../renderer/src/components/queue/ExportControl.vue'
import { useQueueColumnsStore } from '../../../renderer/src/components/queue/columns-store'
import { installFacadeOverMain } from '../facade-over-main'
import { settle } from '../settle'

/** The toolbar's Export…: it sends the view's filter, sort and visible columns (no rows, no ids), then offers Open. */
describe('the queue’s Export… control', () => {
  const sent: QueueExportInput[] = []
  const opened: string[] = []
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    sent.length = 0
    opened.length = 0
    const table: Partial<HandlerTable> = {
      'desktop.capabilities': () => ({ nativeDialogs: false }),
      'queue.export': (input) => {
        sent.push(input)
        return { path: `/exports/Queue.${input.format}`, rows: 42 }
      },
      'desktop.openPath': ({ path }) => {
        opened.push(path)
        return null
      }
    }
    installFacadeOverMain(table, new EventBus())
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('exports the view as CSV and opens the file it wrote', async () => {
    const filters = { ...emptyFilters(), text: 'tensile', statuses: ['Failed' as const] }
    const sort = { column: 'submitted' as const, direction: 'desc' as const }
    const w = mount(ExportControl, {
      props: { filters, sort, shown: 42 },
      global: { plugins: [PrimeVue, ToastService], directives: { tooltip: Tooltip } },
      attachTo: document.body
    })
    useQueueColumnsStore().setShown('type', false)
    const button = w.get('[data-testid=queue-export]')
    expect(button.attributes('aria-label')).toBe('Export…')
    await button.trigger('click')
    await settle()
    const items = [...document.querySelectorAll<HTMLElement>('[data-testid=queue-export-menu] [role=menuitem]')]
    expect(items.map((i) => i.textContent?.trim())).toEqual(['Excel workbook (.xlsx)', 'CSV, comma-separated (.csv)'])
    items[1]!.querySelector<HTMLElement>('a, .p-menu-item-link')?.click()
    await settle()
    expect(sent).toEqual([
      {
        format: 'csv',
        filter: filters,
        sort,
        columns: ['position', 'name', 'status', 'submitter', 'submitted', 'duration']
      }
    ])
    const done = document.querySelector('[data-testid=queue-export-done]')
    expect(done?.textContent).toContain('42 jobs saved to /exports/Queue.csv')
    const open = [...(done?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.includes('Open'))
    open?.click()
    await settle()
    expect(opened).toEqual(['/exports/Queue.csv'])
    w.unmount()
  })
})
