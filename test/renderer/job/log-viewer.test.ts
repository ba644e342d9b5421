// @vitest-environment happy-dom
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import PrimeVue from 'primevue/config'
import ToastService from 'primevue/toastservice'
import Tooltip from 'primevue/tooltip'
import { buildFacade } from '../../../common/contract'
import LogViewer from '../../../renderer/src/components/job/LogViewer.vue'
import { logHandlers } from '../../helpers/log-handlers'
import { settle, track } from '../settle'

/** The log viewer over main's real log channels (dispatch, log cache, path gate), the browser host's way. */
const dir = mkdtempSync(join(tmpdir(), 'jq-log-viewer-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const stamp = '2026-11-20 10:01:00,000'
const longError = `${stamp} ERROR ${'the attribute "Tensile strength" has no unit in row 12; '.repeat(8)}`
const oneError = [
  `${stamp} INFO  row 1 read`,
  longError,
  `${stamp} INFO  row 2 read, row 3 read`,
  `${stamp} WARN  row 4 slow`
]
const twoErrors = [...oneError, `${stamp} ERROR row 5 failed`]

// happy-dom lays nothing out: give every element a size, so the virtual list shows the lines of the screen.
const sizes = { clientHeight: 400, clientWidth: 800, offsetHeight: 20, offsetWidth: 800 }
const laidOut = Object.entries(sizes).map(([key, value]) => {
  const before = Object.getOwnPropertyDescriptor(HTMLElement.prototype, key)
  Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value })
  return () => before && Object.defineProperty(HTMLElement.prototype, key, before)
})
afterAll(() => laidOut.forEach((restore) => restore()))

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  Reflect.deleteProperty(window, 'jobqueue')
  localStorage.clear()
})

async function openLog(lines: string[]) {
  const text = lines.join('\n') + '\n'
  const { dispatch } = logHandlers(text, { mode: 'accept' })
  const facade = buildFacade(
    (channel, input) => track(dispatch(channel, input, { transport: 'browser' })),
    () => () => {}
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
  wrapper = mount(LogViewer, {
    props: { jobId: 'job-1', fileName: 'Tensile import.log' },
    attachTo: document.body,
    global: { plugins: [createPinia(), PrimeVue, ToastService], directives: { tooltip: Tooltip } }
  })
  await until(() => wrapper?.findAll('[data-testid="log-line"] .text:not(.pending)').length === lines.length)
  return { w: wrapper, text }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await settle()
  expect(check()).toBe(true)
}

describe('log viewer', () => {
  beforeEach(() => localStorage.clear())

  it('counts errors and warnings with the right plural', async () => {
    const { w } = await openLog(oneError)
    expect(w.find('[data-testid="log-error-count"]').text()).toBe('1 error')
    expect(w.find('[data-testid="log-stats"]').text()).toContain('1 warning')
    expect(w.find('[data-testid="log-stats"]').text()).toContain('4 lines')
    wrapper?.unmount()
    const again = await openLog(twoErrors)
    expect(again.w.find('[data-testid="log-error-count"]').text()).toBe('2 errors')
  })

  it('wraps ERROR lines always, every line when asked, and remembers the choice', async () => {
    const { w } = await openLog(oneError)
    const lines = () => w.find('[data-testid="log-lines"]')
    const wrapButton = () => w.find('[data-testid="log-wrap"]')
    expect(lines().classes()).not.toContain('wrap')
    expect(wrapButton().attributes('aria-pressed')).toBe('false')
    // The error line is marked as such: log-viewer.css wraps `.line.error` whatever the toggle says.
    const error = w.find('[data-testid="log-line"][data-line="2"]')
    expect(error.classes()).toContain('error')
    expect(error.text()).toContain(longError.slice(-40).trim())
    await wrapButton().trigger('click')
    expect(lines().classes()).toContain('wrap')
    expect(wrapButton().attributes('aria-pressed')).toBe('true')
    expect(localStorage.getItem('jobqueue.logWrap')).toBe('1')
    wrapper?.unmount()
    const again = await openLog(oneError)
    expect(again.w.find('[data-testid="log-lines"]').classes()).toContain('wrap')
  })

  it('counts the matches and steps through them: Enter, Shift+Enter and the arrows, wrapping around', async () => {
    const { w } = await openLog(twoErrors)
    const box = w.find('[data-testid="log-search"]')
    const counter = () => w.find('[data-testid="log-match-counter"]').text()
    const currentMark = () => w.find('[data-testid="log-line"].current mark.current')
    await box.setValue('row')
    await box.trigger('keydown', { key: 'Enter' })
    await until(() => w.find('[data-testid="log-match-counter"]').exists())
    // row 1 · row 12 ×8 in the error · row 2, row 3 · row 4 · row 5
    expect(counter()).toBe('match 1 of 13')
    expect(w.find('[data-testid="log-line"].current').attributes('data-line')).toBe('1')
    await box.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(counter()).toBe('match 2 of 13')
    expect(w.find('[data-testid="log-line"].current').attributes('data-line')).toBe('2')
    expect(w.findAll('[data-testid="log-line"].current mark')).toHaveLength(8)
    expect(currentMark().exists()).toBe(true)
    await box.trigger('keydown', { key: 'Enter', shiftKey: true })
    await box.trigger('keydown', { key: 'Enter', shiftKey: true })
    await settle()
    expect(counter()).toBe('match 13 of 13')
    expect(w.find('[data-testid="log-line"].current').attributes('data-line')).toBe('5')
    await w.find('[data-testid="log-search-next"]').trigger('click')
    await settle()
    expect(counter()).toBe('match 1 of 13')
    await w.find('[data-testid="log-search-previous"]').trigger('click')
    await settle()
    expect(counter()).toBe('match 13 of 13')

    // A new text is a new search; one that is nowhere says so.
    await box.setValue('no such text')
    expect(w.find('[data-testid="log-match-counter"]').exists()).toBe(false)
    await box.trigger('keydown', { key: 'Enter' })
    await until(() => w.find('[data-testid="log-match-counter"]').exists())
    expect(counter()).toBe('No matches')
  })

  it('copies the whole log to the clipboard, and saves it to a typed path through main', async () => {
    const { w, text } = await openLog(twoErrors)
    const writeText = vi.spyOn(navigator.clipboard, 'writeText')
    await w.find('[data-testid="log-copy"]').trigger('click')
    await until(() => writeText.mock.calls.length === 1)
    expect(writeText).toHaveBeenCalledWith(text)

    await w.find('[data-testid="log-save"]').trigger('click')
    await until(() => document.querySelector('[data-testid="log-save-dialog-path"]') !== null)
    const input = document.querySelector<HTMLInputElement>('[data-testid="log-save-dialog-path"]')
    const target = join(dir, 'saved.log')
    if (!input) throw new Error('no path box')
    input.value = target
    input.dispatchEvent(new Event('input'))
    await settle()
    document.querySelector<HTMLButtonElement>('[data-testid="log-save-dialog-confirm"]')?.click()
    await until(() => document.querySelector('[data-testid="log-save-dialog"]') === null)
    expect(readFileSync(target, 'utf8')).toBe(text)
  })
})
