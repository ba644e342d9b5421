// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildFacade, eventChannels, type EventChannel } from '../../common/contract'
import { browserDesktop } from '../../main/desktop-api'
import { EventBus } from '../../main/events'
import { mountApp, preloadViews, type MountedApp } from './mount-app'
import { settle } from './settle'

/**
 * The browser host's path for a "my job finished" notification: main's browserDesktop() emits an app.notice with
 * an action, the event crosses as JSON and is parsed with the contract's schema, and App.vue shows it as a toast.
 */
function installBridge() {
  const events = new EventBus()
  const facade = buildFacade(
    () => Promise.resolve({ ok: false, error: { code: 'NotConnected', message: 'Not connected.' } }),
    (event: EventChannel, listener) =>
      events.subscribe((e, payload) => {
        if (e === event) listener(eventChannels[event].parse(JSON.parse(JSON.stringify(payload))))
      })
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
  const desktop = browserDesktop((message, action) => events.emit('app.notice', { level: 'info', message, action }))
  return { events, desktop }
}

const toasts = () => [...document.querySelectorAll('.p-toast-message')]
const actionButton = () => document.querySelector<HTMLButtonElement>('[data-testid="notice-action"]')

let app: MountedApp | undefined
beforeAll(preloadViews, 120_000)
vi.setConfig({ testTimeout: 30_000 })
afterEach(() => {
  app?.wrapper.unmount()
  app = undefined
  Reflect.deleteProperty(window, 'jobqueue')
})

describe('a notice with an "Open job" action (the browser host’s clickable notification)', () => {
  it('shows the button, and clicking it opens the job over the queue and closes the toast', async () => {
    const { desktop } = installBridge()
    app = await mountApp('/settings')
    let clicked = 0
    desktop.notify({
      title: 'Tensile batch finished',
      body: 'Click to open the job in JobQueue Desktop.',
      onClick: () => clicked++,
      action: { label: 'Open job', jobId: 'job-42' }
    })
    await settle()
    const toast = toasts().find((t) => t.textContent?.includes('Tensile batch finished'))
    expect(toast?.textContent).not.toContain('Click to open')
    const button = actionButton()
    expect(button?.textContent?.trim()).toBe('Open job')
    button?.click()
    await settle()
    expect(app.router.currentRoute.value.path).toBe('/queue')
    expect(app.router.currentRoute.value.query).toEqual({ job: 'job-42' })
    expect(clicked).toBe(0) // the page opens the job itself: main's onClick belongs to system notifications
    await vi.waitFor(() => expect(toasts().some((t) => t.textContent?.includes('Tensile batch finished'))).toBe(false))
  })

  it('shows a notice without an action as before, with no button', async () => {
    const { desktop } = installBridge()
    app = await mountApp('/settings')
    desktop.notify({ title: 'Export finished', body: 'Saved to C:\\out' })
    await settle()
    expect(toasts().some((t) => t.textContent?.includes('Export finished: Saved to C:\\out'))).toBe(true)
    expect(actionButton()).toBeNull()
  })

  it('opens the job when main says a system notification was clicked, keeping the queue’s filters', async () => {
    const { events } = installBridge()
    app = await mountApp('/downloads')
    events.emit('queue.openJob', { jobId: 'job-7' })
    await settle()
    expect(app.router.currentRoute.value.fullPath).toBe('/queue?job=job-7')
    await app.router.push('/queue?mine=1')
    events.emit('queue.openJob', { jobId: 'job-8' })
    await settle()
    expect(app.router.currentRoute.value.query).toEqual({ mine: '1', job: 'job-8' })
  })
})
