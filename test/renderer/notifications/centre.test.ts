// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildFacade, eventChannels, type EventChannel } from '../../../common/contract'
import { EventBus } from '../../../main/events'
import { mountApp, preloadViews, type MountedApp } from '../mount-app'
import { settle } from '../settle'
import { finished } from './events'

/** Main's events cross as JSON and are parsed with the contract's schema, as over the real transports. */
function installBridge(): EventBus {
  const events = new EventBus()
  const facade = buildFacade(
    () => Promise.resolve({ ok: false, error: { code: 'NotConnected', message: 'Not connected.' } }),
    (event: EventChannel, listener) =>
      events.subscribe((e, payload) => {
        if (e === event) listener(eventChannels[event].parse(JSON.parse(JSON.stringify(payload))))
      })
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
  return events
}

const byTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]
const one = (id: string) => byTestId(id)[0]
const bell = () => one('notification-bell')

let app: MountedApp | undefined
beforeAll(preloadViews, 120_000)
vi.setConfig({ testTimeout: 30_000 })
beforeEach(() => localStorage.clear())
afterEach(() => {
  app?.wrapper.unmount()
  app = undefined
  Reflect.deleteProperty(window, 'jobqueue')
})

async function finishThree(events: EventBus): Promise<void> {
  events.emit('queue.jobFinished', { ...finished('a'), at: '2026-11-28T12:00:01Z' })
  events.emit('queue.jobFinished', { ...finished('b', 'failed'), at: '2026-11-28T12:00:02Z' })
  events.emit('queue.jobFinished', { ...finished('c'), at: '2026-11-28T12:00:03Z' })
  await settle()
}

describe('finished jobs in the top bar and the notification centre', () => {
  it('shows one grouped notification in the top bar for jobs finishing together, not a toast over the page', async () => {
    const events = installBridge()
    app = await mountApp('/downloads')
    await finishThree(events)
    expect(byTestId('finished-toast')).toHaveLength(1)
    expect(one('finished-toast-title')?.textContent).toBe('3 jobs finished, 1 failed')
    expect(one('finished-toast')?.closest('header')).not.toBeNull()
    expect(
      [...document.querySelectorAll('.p-toast-message')].some((t) =>
        /Job [abc]|jobs finished/.test(t.textContent ?? '')
      )
    ).toBe(false)
    one('finished-toast-dismiss')?.click()
    await settle()
    expect(byTestId('finished-toast')).toHaveLength(0)
  })

  it('counts unread events on the bell and announces the count', async () => {
    const events = installBridge()
    app = await mountApp('/downloads')
    expect(bell()?.getAttribute('aria-label')).toBe('Notifications')
    expect(one('notification-count')).toBeUndefined()
    await finishThree(events)
    expect(one('notification-count')?.textContent?.trim()).toBe('3')
    expect(bell()?.getAttribute('aria-label')).toBe('Notifications, 3 unread')
    expect(one('notification-announcer')?.textContent).toBe('3 unread notifications')
  })

  it('lists the session’s events newest first with their times; mark all read, then clear', async () => {
    const events = installBridge()
    app = await mountApp('/downloads')
    await finishThree(events)
    bell()?.click()
    await settle()
    const entries = byTestId('notification-job')
    expect(entries.map((e) => e.querySelector('.entry-title')?.textContent)).toEqual([
      'Job c: Succeeded',
      'Job b: Failed',
      'Job a: Succeeded'
    ])
    expect(entries[0]?.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-28T12:00:03Z')
    expect(entries.every((e) => e.dataset.read === 'false')).toBe(true)
    one('notifications-mark-read')?.click()
    await settle()
    expect(byTestId('notification-job').every((e) => e.dataset.read === 'true')).toBe(true)
    expect(one('notification-count')).toBeUndefined()
    one('notifications-clear')?.click()
    await settle()
    expect(byTestId('notification-job')).toHaveLength(0)
    expect(one('notifications-empty')).toBeDefined()
  })

  it('opens a job from the centre over the queue', async () => {
    const events = installBridge()
    app = await mountApp('/downloads')
    await finishThree(events)
    bell()?.click()
    await settle()
    const b = byTestId('notification-job')[1]?.querySelector<HTMLButtonElement>('[data-testid="notification-open-job"]')
    expect(b?.getAttribute('aria-label')).toBe('Open job Job b: Failed')
    b?.click()
    await settle()
    expect(app.router.currentRoute.value.fullPath).toBe('/queue?job=b')
  })

  it('lists an event the OS already showed without a toast, and a finished download batch', async () => {
    const events = installBridge()
    app = await mountApp('/downloads')
    events.emit('queue.jobFinished', { ...finished('a'), native: true })
    events.emit('downloads.progress', {
      items: [],
      batches: [],
      removedBatches: [],
      removedItems: [],
      total: { bytesDone: 0, totalBytes: 0, speed: 0, eta: null, counts: counts() },
      finishedBatches: [{ id: 'b1', destination: 'C:\\out', counts: { ...counts(), done: 2, total: 2 } }]
    })
    await settle()
    expect(byTestId('finished-toast')).toHaveLength(0)
    expect(one('notification-count')?.textContent?.trim()).toBe('2')
    bell()?.click()
    await settle()
    expect(one('notification-download')?.textContent).toContain('2 files saved in C:\\out')
    expect(byTestId('notification-job')).toHaveLength(1)
  })
})

function counts() {
  return { total: 0, queued: 0, active: 0, paused: 0, done: 0, failed: 0, cancelled: 0 }
}
