// @vitest-environment happy-dom
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import { api } from '../../../renderer/src/api'
import { installRenderer } from '../../../renderer/src/setup'
import DownloadsView from '../../../renderer/src/views/DownloadsView.vue'
import { fromMegabytesPerSecond, toMegabytesPerSecond } from '../../../renderer/src/components/downloads/speed-limit'
import { HeldServer, installEngineBridge, type EngineBridge } from './engine-bridge'
import { settle } from '../settle'

vi.setConfig({ testTimeout: 30_000 })

const MB = 1024 * 1024
let bridge: EngineBridge
const mounted: VueWrapper[] = []

beforeEach(async () => {
  bridge = await installEngineBridge(
    new HeldServer([{ id: 'job-1', name: 'Tensile export 1', files: { 'a.xlsx': 4000 } }])
  )
})
afterEach(async () => {
  for (const w of mounted.splice(0)) w.unmount()
  await bridge.close()
})

/** The Downloads view as the app mounts it (PrimeVue, Pinia, router), over main's real download engine. */
async function mountView(): Promise<VueWrapper> {
  const wrapper = mount(DownloadsView, {
    attachTo: document.body,
    global: { plugins: [{ install: (app) => void installRenderer(app, { history: createMemoryHistory() }) }] }
  })
  mounted.push(wrapper)
  await vi.waitFor(() => expect(bridge.calls.get('downloads.list')).toBeGreaterThan(0))
  await settle()
  return wrapper
}

const field = (w: VueWrapper) => w.get('[data-testid=downloads-speed-limit]')
const toggle = (w: VueWrapper) => w.get<HTMLInputElement>('#downloads-limit-on')
const box = (w: VueWrapper) => w.get<HTMLInputElement>('#downloads-limit')
async function mainLimit(): Promise<number | null> {
  const r = await api.call('downloads.list')
  if (!r.ok) throw new Error(r.error.message)
  return r.value.settings.bandwidthLimit
}
async function savedLimit(): Promise<unknown> {
  const text = await readFile(join(bridge.dataDir, 'downloads.json'), 'utf8')
  return (
    JSON.parse(text) as { data?: { settings?: { bandwidthLimit?: unknown } }; settings?: { bandwidthLimit?: unknown } }
  ).data?.settings?.bandwidthLimit
}

describe('the speed limit', () => {
  it('starts off, turns on at 10 MB/s, takes a typed limit, turns off, and is remembered by main', async () => {
    const w = await mountView()
    expect(field(w).attributes('data-limit')).toBe('off')
    expect(toggle(w).element.checked).toBe(false)
    expect(box(w).element.disabled).toBe(true)
    expect(field(w).text()).toContain('Limit speed')

    await toggle(w).setValue(true)
    await vi.waitFor(() => expect(field(w).attributes('data-limit')).toBe(String(10 * MB)))
    expect(await mainLimit()).toBe(10 * MB)
    expect(box(w).element.disabled).toBe(false)
    expect(box(w).element.value).toBe('10 MB/s')

    await box(w).setValue('2.5')
    await box(w).trigger('blur')
    await vi.waitFor(async () => expect(await mainLimit()).toBe(2.5 * MB))
    expect(box(w).element.value).toBe('2.5 MB/s')
    await vi.waitFor(async () => expect(await savedLimit()).toBe(2.5 * MB))

    // A fresh view (the app restarted its window) shows what main kept.
    w.unmount()
    mounted.length = 0
    const again = await mountView()
    expect(toggle(again).element.checked).toBe(true)
    expect(box(again).element.value).toBe('2.5 MB/s')

    await toggle(again).setValue(false)
    await vi.waitFor(() => expect(field(again).attributes('data-limit')).toBe('off'))
    expect(await mainLimit()).toBeNull()
    expect(box(again).element.disabled).toBe(true)
    // The number waits for the next time the limit is turned on.
    expect(box(again).element.value).toBe('2.5 MB/s')
    await toggle(again).setValue(true)
    await vi.waitFor(async () => expect(await mainLimit()).toBe(2.5 * MB))
  })

  it('says while downloading that the speed is limited', async () => {
    const w = await mountView()
    await toggle(w).setValue(true)
    await vi.waitFor(async () => expect(await mainLimit()).toBe(10 * MB))
    expect(w.find('[data-testid=downloads-limited]').exists()).toBe(false)
    const r = await api.call('downloads.add', {
      source: { kind: 'jobs', jobIds: ['job-1'] },
      destination: join(bridge.dataDir, 'out')
    })
    expect(r.ok).toBe(true)
    await bridge.server.nextBody()
    await vi.waitFor(() => expect(w.find('[data-testid=downloads-limited]').text()).toBe('limited to 10 MB/s'))
  })

  it('converts between MB/s and bytes per second within the limits main accepts', () => {
    expect(fromMegabytesPerSecond(1)).toBe(MB)
    expect(fromMegabytesPerSecond(0)).toBe(Math.round(0.1 * MB))
    expect(fromMegabytesPerSecond(5000)).toBe(1000 * MB)
    expect(toMegabytesPerSecond(2.5 * MB)).toBe(2.5)
    // 16 KB/s, the least main allows, still shows as a number above zero.
    expect(toMegabytesPerSecond(16 * 1024)).toBe(0.02)
    expect(fromMegabytesPerSecond(0.1)).toBeGreaterThanOrEqual(16 * 1024)
  })
})
