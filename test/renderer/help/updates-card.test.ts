// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import PrimeVue from 'primevue/config'
import type { UpdateStatus } from '../../../common/channels/app'
import { buildFacade, eventChannels, invokeChannels, type EventChannel } from '../../../common/contract'
import type { Result } from '../../../common/errors'
import UpdatesCard from '../../../renderer/src/components/help/UpdatesCard.vue'
import { settle, track } from '../settle'

/** The Updates card in each state, over a facade whose answers and events are checked by the contract's schemas. */
const base: UpdateStatus = {
  state: 'idle',
  message: 'Updates come from updates.example.',
  currentVersion: '0.1.0',
  version: null,
  progress: null,
  canInstall: true,
  server: 'https://updates.example/jq/',
  checkedAt: null
}
let status: UpdateStatus
let afterCheck: UpdateStatus
let calls: string[]
let restartAnswer: Result<null>
const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()

function installBridge(): void {
  const facade = buildFacade(
    (channel): Promise<Result<unknown>> => {
      calls.push(channel)
      const answer = (value: unknown): Result<unknown> => ({
        ok: true,
        value: invokeChannels[channel].output.parse(value)
      })
      if (channel === 'app.updateStatus') return track(Promise.resolve(answer(status)))
      if (channel === 'app.checkForUpdates') return track(Promise.resolve(answer((status = afterCheck))))
      if (channel === 'app.restartToUpdate') return track(Promise.resolve(restartAnswer))
      return Promise.resolve({ ok: false, error: { code: 'Internal', message: `unexpected ${channel}` } })
    },
    (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set.add(listener))
      return () => set.delete(listener)
    }
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
}

async function push(s: UpdateStatus): Promise<void> {
  const payload = eventChannels['app.updateStatusChanged'].parse(s)
  for (const l of listeners.get('app.updateStatusChanged') ?? []) l(payload)
  await settle()
}

async function mountCard() {
  const wrapper = mount(UpdatesCard, { global: { plugins: [PrimeVue] } })
  await settle()
  return wrapper
}

beforeEach(() => {
  status = base
  afterCheck = base
  calls = []
  restartAnswer = { ok: true, value: null }
  listeners.clear()
  installBridge()
})
afterEach(() => Reflect.deleteProperty(window, 'jobqueue'))

describe('the Updates card', () => {
  it('is off without an update server: says why and offers no check', async () => {
    status = {
      ...base,
      state: 'disabled',
      server: null,
      canInstall: false,
      message: 'Updates are not set up on this computer.'
    }
    const card = await mountCard()
    expect(card.attributes('data-state')).toBe('disabled')
    expect(card.find('[data-testid="updates-message"]').text()).toBe('Updates are not set up on this computer.')
    expect(card.find('[data-testid="updates-check"]').exists()).toBe(false)
    expect(card.find('[data-testid="updates-no-install"]').exists()).toBe(false)
  })

  it('checks on request and shows what main answered, then follows status events through the download', async () => {
    afterCheck = { ...base, state: 'checking', message: 'Looking for updates…' }
    const card = await mountCard()
    const check = card.find('[data-testid="updates-check"]')
    expect(check.attributes('disabled')).toBeUndefined()
    await check.trigger('click')
    await settle()
    expect(calls).toEqual(['app.updateStatus', 'app.checkForUpdates'])
    expect(card.attributes('data-state')).toBe('checking')
    expect(card.find('[data-testid="updates-check"]').attributes('disabled')).toBeDefined()

    await push({
      ...base,
      state: 'downloading',
      version: '0.2.0',
      message: 'Downloading version 0.2.0…',
      progress: { transferred: 512 * 1024, total: 2 * 1024 * 1024 }
    })
    expect(card.find('[data-testid="updates-progress"]').attributes('aria-valuenow')).toBe('25')
    expect(card.text()).toContain('Downloading version 0.2.0…')
    expect(card.text()).toContain('512 KB of 2.0 MB')
  })

  it('offers "Restart to update" when an update is ready in the desktop app, and calls main', async () => {
    status = { ...base, state: 'ready', version: '0.2.0', message: 'Version 0.2.0 is ready.' }
    const card = await mountCard()
    expect(card.find('[data-testid="updates-check"]').exists()).toBe(false)
    await card.find('[data-testid="updates-restart"]').trigger('click')
    await settle()
    expect(calls).toContain('app.restartToUpdate')
  })

  it('says in the browser host that it finds, downloads and verifies but cannot install, and offers no restart', async () => {
    status = {
      ...base,
      state: 'ready',
      version: '0.2.0',
      canInstall: false,
      message: 'Version 0.2.0 was downloaded and verified.'
    }
    const card = await mountCard()
    expect(card.find('[data-testid="updates-restart"]').exists()).toBe(false)
    expect(card.find('[data-testid="updates-no-install"]').text()).toContain('cannot install them')
  })

  it('shows an error with its message and lets the user check again', async () => {
    status = {
      ...base,
      state: 'error',
      message: 'Could not reach the update server at updates.example: it refused the connection.'
    }
    const card = await mountCard()
    expect(card.find('[data-testid="updates-message"]').text()).toContain('Could not reach the update server')
    expect(card.find('[data-testid="updates-check"]').attributes('disabled')).toBeUndefined()
  })

  it('shows a refusal from main (restart when nothing is ready)', async () => {
    status = { ...base, state: 'ready', version: '0.2.0', message: 'Version 0.2.0 is ready.' }
    restartAnswer = { ok: false, error: { code: 'Conflict', message: 'No update is ready to install yet.' } }
    const card = await mountCard()
    await card.find('[data-testid="updates-restart"]').trigger('click')
    await settle()
    expect(card.find('[data-testid="updates-call-error"]').text()).toBe('No update is ready to install yet.')
  })
})
