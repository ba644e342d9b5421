import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountApp, happyDom, preloadViews, type MountedApp } from './mount-app'
import { createAppRouter } from '../../renderer/src/router'
import { settle } from './settle'

const expected = [
  { name: 'queue', label: 'Queue', path: '/queue' },
  { name: 'new-job', label: 'New job', path: '/new-job' },
  { name: 'drafts', label: 'Drafts', path: '/drafts' },
  { name: 'downloads', label: 'Downloads', path: '/downloads' },
  { name: 'insights', label: 'Insights', path: '/insights' },
  { name: 'connections', label: 'Connections', path: '/connections' },
  { name: 'settings', label: 'Settings', path: '/settings' }
]

let app: MountedApp | undefined
beforeAll(preloadViews, 120_000)
// Mounting every real view in happy-dom takes a few seconds on a small machine.
vi.setConfig({ testTimeout: 30_000 })
beforeEach(() => localStorage.clear())
afterEach(() => {
  app?.wrapper.unmount()
  app = undefined
})

const links = (a: MountedApp) => a.wrapper.findAll('nav[aria-label="Main navigation"] a')

describe('navigation rail', () => {
  it('renders the seven entries in order, each a link to its route', async () => {
    app = await mountApp()
    expect(links(app).map((l) => l.text())).toEqual(expected.map((e) => e.label))
    expect(links(app).map((l) => l.attributes('href'))).toEqual(expected.map((e) => e.path))
    for (const l of links(app)) expect(l.find('i.pi').exists()).toBe(true)
  })

  it('routes to each view when its entry is clicked, and marks only that entry current', async () => {
    app = await mountApp('/settings')
    for (const e of expected) {
      await app.wrapper.find(`[data-testid="nav-${e.name}"]`).trigger('click')
      await settle()
      expect(app.router.currentRoute.value.name).toBe(e.name)
      expect(app.wrapper.find('#page-title').text()).toBe(e.label)
      expect(app.wrapper.findAll('nav [aria-current="page"]').map((l) => l.text())).toEqual([e.label])
      expect(document.title).toBe(`${e.label} – JobQueue Desktop`)
    }
  })

  it('opens the views with Ctrl+1…7 and ignores other keys', async () => {
    app = await mountApp('/queue')
    const press = async (key: string, init: KeyboardEventInit = { ctrlKey: true }) => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key, ...init }))
      await settle()
    }
    for (const [i, e] of [...expected.entries()].reverse()) {
      await press(String(i + 1))
      expect(app.router.currentRoute.value.name).toBe(e.name)
    }
    await press('8')
    await press('3', {})
    await press('3', { ctrlKey: true, shiftKey: true })
    expect(app.router.currentRoute.value.name).toBe('queue')
  })

  it('collapses to icons with the labels still readable by screen readers, and remembers it', async () => {
    app = await mountApp()
    const toggle = () => app!.wrapper.find('[data-testid="nav-toggle"]')
    expect(toggle().attributes('aria-expanded')).toBe('true')
    await toggle().trigger('click')
    expect(toggle().attributes('aria-expanded')).toBe('false')
    expect(app.wrapper.find('nav').classes()).toContain('collapsed')
    expect(links(app).map((l) => l.text())).toEqual(expected.map((e) => e.label))
    expect(app.wrapper.findAll('.rail-label').every((l) => l.classes().includes('sr-only'))).toBe(true)
    app.wrapper.unmount()

    app = await mountApp()
    expect(toggle().attributes('aria-expanded')).toBe('false')
  })

  it('sends unknown paths to the queue', async () => {
    app = await mountApp('/no/such/screen')
    expect(app.router.currentRoute.value.name).toBe('queue')
  })

  it('keeps the browser host token in the query string while routing by hash', async () => {
    happyDom().setURL('http://127.0.0.1:4173/?token=s3cret')
    const router = createAppRouter()
    await router.push('/drafts')
    expect(location.href).toBe('http://127.0.0.1:4173/?token=s3cret#/drafts')
    expect(new URLSearchParams(location.search).get('token')).toBe('s3cret')
  })
})

describe('landmarks', () => {
  it('has a banner, a labelled navigation, a main region and a skip link to it', async () => {
    app = await mountApp('/downloads')
    expect(app.wrapper.find('header').exists()).toBe(true)
    const main = app.wrapper.find('main#main-content')
    expect(main.attributes('aria-label')).toBe('Downloads')
    const skip = app.wrapper.find('[data-testid="skip-link"]')
    expect(skip.attributes('href')).toBe('#main-content')
    await skip.trigger('click')
    expect(document.activeElement).toBe(main.element)
    // The skip link must not change the route (hash routing).
    expect(app.router.currentRoute.value.name).toBe('downloads')
  })
})
