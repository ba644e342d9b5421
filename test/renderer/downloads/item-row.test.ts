// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import PrimeVue from 'primevue/config'
import Tooltip from 'primevue/tooltip'
import { itemStates, type ItemProgress, type ItemState } from '../../../common/downloads'
import DownloadItemRow from '../../../renderer/src/components/downloads/DownloadItemRow.vue'
import type { ItemRow } from '../../../renderer/src/stores/downloads'

function item(state: ItemState, progress: Partial<ItemProgress> = {}): ItemRow {
  const targetPath = 'C:\\Out\\Tensile export 1 (1a2b3c4d)\\results.xlsx'
  const p: ItemProgress = {
    id: 'i1',
    batchId: 'b1',
    state,
    targetPath,
    bytesDone: 0,
    totalBytes: 4096,
    speed: 0,
    eta: null,
    ...progress
  }
  return {
    id: 'i1',
    batchId: 'b1',
    jobId: 'j1',
    jobName: 'Tensile export 1',
    fileName: 'results.xlsx',
    relativePath: 'Tensile export 1 (1a2b3c4d)/results.xlsx',
    targetPath,
    targetSettled: true,
    state,
    bytesDone: p.bytesDone,
    totalBytes: p.totalBytes,
    attempts: 0,
    restarts: 0,
    createdAt: '2026-11-28T10:00:00.000Z',
    progress: p
  }
}

function mountRow(row: ItemRow) {
  return mount(DownloadItemRow, {
    props: { item: row, destination: 'C:\\Out' },
    global: { plugins: [PrimeVue], directives: { tooltip: Tooltip } }
  })
}

const buttons = (w: ReturnType<typeof mountRow>) =>
  w.findAll('button[data-action]').map((b) => b.attributes('data-action'))

describe('a download item', () => {
  it.each([
    ['queued', ['pause', 'cancel'], 'Waiting'],
    ['active', ['pause', 'cancel'], 'Downloading'],
    ['paused', ['resume', 'cancel'], 'Paused'],
    ['failed', ['retry', 'cancel'], 'Failed'],
    ['cancelled', ['retry'], 'Cancelled'],
    ['done', ['open', 'reveal'], 'Done']
  ] as const)('%s: shows %j and says %s', (state, actions, label) => {
    const w = mountRow(item(state))
    expect(buttons(w)).toEqual(actions)
    expect(w.get('[data-testid=download-item-status]').text()).toBe(label)
    expect(w.get('[data-testid=download-item]').attributes('data-state')).toBe(state)
    expect(w.text()).toContain('Tensile export 1 (1a2b3c4d)/results.xlsx')
  })

  it('covers every state', () => {
    for (const s of itemStates) expect(buttons(mountRow(item(s))).length).toBeGreaterThan(0)
  })

  it('shows progress, speed and time left while downloading', () => {
    const w = mountRow(item('active', { bytesDone: 1024, speed: 512, eta: 6 }))
    expect(w.get('[data-testid=download-item-detail]').text()).toBe('1.0 KB of 4.0 KB · 512 B/s · 6 s left')
    expect(w.text()).toContain('4.0 KB')
    expect(w.get('[role=progressbar]').attributes('aria-valuenow')).toBe('25')
  })

  it('says why it failed, in words', () => {
    const w = mountRow(
      item('failed', { error: { code: 'Disk', message: 'The disk is full. Free some space, then retry.' } })
    )
    const detail = w.get('[data-testid=download-item-detail]')
    expect(detail.text()).toBe('The disk is full. Free some space, then retry.')
    expect(detail.classes()).toContain('error')
  })

  it('says when it waits for the connection, and when it was skipped', () => {
    expect(mountRow(item('paused', { pauseReason: 'offline' })).text()).toContain('Waiting for the connection')
    expect(mountRow(item('done', { outcome: 'skipped', bytesDone: 4096 })).text()).toContain(
      'Already there with the same size'
    )
  })

  it('emits the action that was clicked', async () => {
    const w = mountRow(item('done'))
    await w.get('button[data-action=reveal]').trigger('click')
    await w.get('button[data-action=open]').trigger('click')
    expect(w.emitted('act')).toEqual([['reveal'], ['open']])
  })
})
