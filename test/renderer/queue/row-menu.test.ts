// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import PrimeVue from 'primevue/config'
import RowContextMenu from '../../../renderer/src/components/queue/RowContextMenu.vue'
import { menuTargets, rowMenu, type RowAction } from '../../../renderer/src/components/queue/row-menu'
import type { Rights } from '../../../renderer/src/permissions'
import { job } from '../../helpers/job-fixture'

/** The queue row menu: every command listed, what a role cannot take disabled with the Job view's words. */
const reader: Rights = { online: true, username: 'reader', isAdmin: false, hasWriteAccess: false }
const writer: Rights = { online: true, username: 'writer', isAdmin: false, hasWriteAccess: true }
const admin: Rights = { online: true, username: 'admin', isAdmin: true, hasWriteAccess: true }

const pending = job({ id: 'p', status: 'Pending', submitterName: 'admin' })
const failed = job({ id: 'f', status: 'Failed', submitterName: 'writer' })
const done = job({ id: 's', status: 'Succeeded', submitterName: 'admin' })

const reasons = (items: ReturnType<typeof rowMenu>) =>
  Object.fromEntries(items.map((i) => [i.action, i.reason])) as Partial<Record<RowAction, string | null>>

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('the row menu model', () => {
  it('a reader: only Open, Download and Copy to new draft; the rest say they need write access', () => {
    expect(reasons(rowMenu([done], reader))).toEqual({
      open: null,
      download: null,
      resubmit: 'Needs write access',
      copyToDraft: null,
      cancel: 'Only jobs that have not started can be cancelled.',
      delete: 'Needs write access'
    })
    expect(reasons(rowMenu([pending], reader))).toMatchObject({
      cancel: 'Needs write access',
      resubmit: 'Only finished jobs can be resubmitted.',
      download: 'This job has not produced outputs.'
    })
  })

  it("a writer: another user's pending job is for administrators; their own failed job can be fixed", () => {
    expect(reasons(rowMenu([pending], writer))).toMatchObject({
      cancel: 'Administrators only',
      delete: 'Administrators only'
    })
    const own = rowMenu([failed], writer)
    expect(own.map((i) => i.action)).toEqual([
      'open',
      'download',
      'resubmit',
      'fixAndResubmit',
      'copyToDraft',
      'cancel',
      'delete'
    ])
    expect(reasons(own)).toMatchObject({ fixAndResubmit: null, resubmit: null, delete: null })
  })

  it('an admin may take everything that applies; offline nothing but Open', () => {
    expect(reasons(rowMenu([pending], admin))).toMatchObject({ cancel: null, delete: null })
    const offline = reasons(rowMenu([done], { ...admin, online: false }))
    expect(
      Object.entries(offline)
        .filter(([, r]) => r === null)
        .map(([a]) => a)
    ).toEqual(['open'])
    expect(offline.delete).toBe('Connect to the server first')
  })

  it('several jobs: a command is there when one of them allows it; single-job commands say so', () => {
    const r = reasons(rowMenu([pending, done], writer))
    expect(r).toMatchObject({ resubmit: null, delete: 'Administrators only', copyToDraft: 'Select one job for this' })
    expect(reasons(rowMenu([pending, failed], writer))).toMatchObject({
      delete: null,
      fixAndResubmit: 'Select one job for this'
    })
  })

  it('acts on the selection when the row is in it, else on the row alone', () => {
    const rows = [pending, failed, done]
    expect(menuTargets('f', new Set(['p', 'f']), rows).map((j) => j.id)).toEqual(['p', 'f'])
    expect(menuTargets('s', new Set(['p', 'f']), rows).map((j) => j.id)).toEqual(['s'])
    expect(menuTargets('gone', new Set(), rows)).toEqual([])
  })
})

describe('the row context menu', () => {
  async function open(rights: Rights, jobs = [done]) {
    wrapper?.unmount()
    wrapper = mount(RowContextMenu, {
      props: { items: rowMenu(jobs, rights), count: jobs.length },
      global: { plugins: [PrimeVue, createPinia()] },
      attachTo: document.body
    })
    ;(wrapper.vm as unknown as { show: (at: { pageX: number; pageY: number }) => void }).show({ pageX: 40, pageY: 40 })
    await flushPromises()
    const item = (action: string) => document.querySelector(`[data-testid=row-menu-${action}]`)?.closest('li')
    return { item, w: wrapper }
  }

  it("shows a reader's disabled commands with the reason under their label", async () => {
    const { item } = await open(reader)
    const del = item('delete')
    expect(del?.getAttribute('aria-disabled')).toBe('true')
    expect(del?.querySelector('[data-testid=row-menu-reason]')?.textContent).toBe('Needs write access')
    expect(item('copyToDraft')?.getAttribute('aria-disabled')).not.toBe('true')
    expect(item('copyToDraft')?.querySelector('[data-testid=row-menu-reason]')).toBeNull()
    expect(item('open')?.textContent).toContain('Open')
  })

  it('reports the command picked, and nothing for a disabled one', async () => {
    const { item, w } = await open(admin)
    ;(item('delete')?.querySelector('a') as HTMLElement).click()
    await flushPromises()
    expect(w.emitted('pick')).toEqual([['delete']])
    const again = await open(reader)
    ;(again.item('delete')?.querySelector('a') as HTMLElement | null)?.click()
    await flushPromises()
    expect(again.w.emitted('pick')).toBeUndefined()
  })

  it('names how many jobs it acts on', async () => {
    await open(admin, [done, pending])
    expect(document.querySelector('[data-testid=row-menu-head]')?.textContent).toContain('2 jobs')
  })
})
