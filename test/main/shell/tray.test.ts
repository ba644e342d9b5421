import { describe, expect, it } from 'vitest'
import type { EventChannel } from '../../../common/contract'
import type { Job } from '../../../common/domain'
import type { OpenTarget } from '../../../common/open-target'
import { trayMenu, traySummary, trayTooltip, type TrayInput } from '../../../main/shell/tray-model'
import { wireTray } from '../../../main/shell/tray-wiring'
import type { TrayAction, TrayMenuItem } from '../../../main/shell/tray-model'

const job = (id: string, status: Job['status'], submitterName: string): Job => ({ id, status, submitterName }) as Job
const counts = { Pending: 4, Running: 2, Succeeded: 10, Failed: 3, Cancelled: 1, total: 20 }
const connected: TrayInput = {
  connectionName: 'Plant',
  username: 'ana',
  counts,
  jobs: [job('1', 'Failed', 'ana'), job('2', 'Failed', 'ben'), job('3', 'Failed', 'ana'), job('4', 'Running', 'ana')]
}
const offline: TrayInput = { connectionName: null, username: null, counts: null, jobs: [] }

describe('the tray model', () => {
  it('sums up the queue: running and pending on the server, failed among my jobs', () => {
    expect(traySummary(connected)).toEqual({ running: 2, pending: 4, myFailed: 2 })
    expect(trayTooltip(connected)).toBe('JobQueue Desktop — Plant\n2 running · 4 pending · 2 of mine failed')
  })

  it('says when it is not connected, or has not read the queue yet', () => {
    expect(traySummary(offline)).toBeNull()
    expect(trayTooltip(offline)).toBe('JobQueue Desktop — not connected')
    expect(trayMenu(offline)[0]).toEqual({ type: 'label', label: 'Not connected' })
    const reading = { ...connected, counts: null }
    expect(trayTooltip(reading)).toBe('JobQueue Desktop — Plant')
    expect(trayMenu(reading)[1]).toEqual({ type: 'label', label: 'Reading the queue…' })
  })

  it('keeps the tooltip within the 127 characters Windows shows', () => {
    const long = trayTooltip({ ...connected, connectionName: 'P'.repeat(300) })
    expect(long.length).toBe(127)
    expect(long.endsWith('…')).toBe(true)
  })

  it('lists the summary, then Show window, New job, Downloads and Quit', () => {
    const menu = trayMenu(connected)
    expect(menu.map((i) => (i.type === 'separator' ? '—' : i.label))).toEqual([
      'Plant',
      '2 running',
      '4 pending',
      '2 of mine failed',
      '—',
      'Show JobQueue Desktop',
      'New job',
      'Downloads',
      '—',
      'Quit'
    ])
    expect(menu.filter((i) => i.type === 'action').map((i) => i.action)).toEqual([
      { kind: 'show' },
      { kind: 'open', target: 'new' },
      { kind: 'open', target: 'downloads' },
      { kind: 'quit' }
    ])
  })
})

describe('the tray wiring', () => {
  function wired(initial: TrayInput) {
    let input = initial
    const tooltips: string[] = []
    const menus: TrayMenuItem[][] = []
    let act: (a: TrayAction) => void = () => {}
    const calls: string[] = []
    let listener: (e: EventChannel) => void = () => {}
    const stop = wireTray({
      tray: {
        setToolTip: (t) => tooltips.push(t),
        setMenu: (items, onAction) => {
          menus.push(items)
          act = onAction
        }
      },
      subscribe: (l) => {
        listener = l
        return () => (listener = () => {})
      },
      input: () => input,
      showWindow: () => Promise.resolve(void calls.push('show')),
      navigate: (t: OpenTarget) => calls.push(`navigate ${t}`),
      quit: () => calls.push('quit'),
      log: (m) => calls.push(`log ${m}`)
    })
    return {
      tooltips,
      menus,
      calls,
      stop,
      set: (next: TrayInput) => (input = next),
      emit: (e: EventChannel) => listener(e),
      act: (a: TrayAction) => act(a)
    }
  }

  it('follows session and queue events, rebuilding only what changed', () => {
    const t = wired(offline)
    expect(t.tooltips).toEqual(['JobQueue Desktop — not connected'])
    t.set(connected)
    t.emit('app.notice')
    expect(t.tooltips).toHaveLength(1)
    t.emit('session.changed')
    expect(t.tooltips.at(-1)).toContain('2 running')
    expect(t.menus).toHaveLength(2)
    t.emit('queue.delta')
    expect(t.menus).toHaveLength(2)
    t.stop()
    t.set(offline)
    t.emit('queue.delta')
    expect(t.tooltips).toHaveLength(2)
  })

  it('shows the window before opening a page, and quits', async () => {
    const t = wired(connected)
    t.act({ kind: 'open', target: 'downloads' })
    await Promise.resolve()
    await Promise.resolve()
    expect(t.calls).toEqual(['show', 'navigate downloads'])
    t.act({ kind: 'quit' })
    expect(t.calls.at(-1)).toBe('quit')
  })
})
