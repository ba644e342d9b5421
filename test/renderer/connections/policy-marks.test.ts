// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import PrimeVue from 'primevue/config'
import Tooltip from 'primevue/tooltip'
import type { ConnectionView, KeychainStatus, PasswordStorage } from '../../../common/connections'
import { buildFacade, invokeChannels } from '../../../common/contract'
import type { Result } from '../../../common/errors'
import type { PolicyInfo } from '../../../common/policy'
import ConnectionCard from '../../../renderer/src/components/connections/ConnectionCard.vue'
import RememberChoice from '../../../renderer/src/components/connections/RememberChoice.vue'
import PolicyCard from '../../../renderer/src/components/settings/PolicyCard.vue'

const global = { plugins: [[PrimeVue, { unstyled: true }]] as never, directives: { tooltip: Tooltip } }
const keychain = (extra: Partial<KeychainStatus> = {}): KeychainStatus => ({
  available: true,
  store: 'Windows Credential Manager',
  reason: null,
  ...extra
})
const connection = (extra: Partial<ConnectionView>): ConnectionView => ({
  id: 'org-1',
  name: 'Plant',
  url: 'https://mi.plant.example/mi_servicelayer',
  auth: 'negotiate',
  username: '',
  tls: { caFile: null, useSystemStore: true },
  builtIn: false,
  setByOrganisation: false,
  passwordStorage: 'none',
  hasSavedPassword: false,
  connected: false,
  lastUsed: false,
  ...extra
})

const mounted: VueWrapper[] = []
afterEach(() => {
  mounted.splice(0).forEach((w) => w.unmount())
  document.body.innerHTML = ''
  Reflect.deleteProperty(window, 'jobqueue')
})

function remember(status: KeychainStatus) {
  const w = mount(RememberChoice, {
    props: { keychain: status, idPrefix: 't', modelValue: 'none' as PasswordStorage },
    global
  })
  mounted.push(w)
  return w
}

describe('"Remember password" under IT policy', () => {
  it('is disabled and says "Set by your organisation" when IT set NeverSavePasswords; session only stays offered', () => {
    const w = remember(keychain({ neverSavePasswords: true }))
    expect(w.find('[data-testid="remember-password"] input').attributes('disabled')).toBeDefined()
    expect(w.find('[data-testid="remember-policy"]').text()).toContain('Set by your organisation')
    expect(w.find('[data-testid="remember-session"]').exists()).toBe(true)
    expect(w.find('[data-testid="keychain-unavailable"]').exists()).toBe(false)
  })

  it('is enabled, with no organisation mark, when the keychain works and IT set nothing', () => {
    const w = remember(keychain())
    expect(w.find('[data-testid="remember-password"] input').attributes('disabled')).toBeUndefined()
    expect(w.find('[data-testid="remember-policy"]').exists()).toBe(false)
  })
})

describe('a connection IT set, on its card', () => {
  async function menuLabels(c: ConnectionView): Promise<{ labels: string[]; mark: boolean }> {
    const w = mount(ConnectionCard, {
      props: { connection: c, connecting: false, test: null },
      global,
      attachTo: document.body
    })
    mounted.push(w)
    await w.find(`[data-testid="connection-more-${c.id}"]`).trigger('click')
    await flushPromises()
    const labels = [...document.body.querySelectorAll('[role="menuitem"]')].map((e) => e.textContent.trim())
    return { labels, mark: w.find(`[data-testid="connection-org-${c.id}"]`).exists() }
  }

  it('is marked "Set by your organisation" and offers no Delete', async () => {
    const { labels, mark } = await menuLabels(connection({ setByOrganisation: true }))
    expect(mark).toBe(true)
    expect(document.body.textContent).toContain('Set by your organisation')
    expect(labels).toEqual(['Edit sign-in', 'Forget saved password'])
  })

  it('while one the user added has Edit and Delete and no mark', async () => {
    const { labels, mark } = await menuLabels(connection({ id: 'mine' }))
    expect(mark).toBe(false)
    expect(labels).toEqual(['Edit', 'Forget saved password', 'Delete'])
  })
})

describe('Settings → Set by your organisation', () => {
  function answer(info: PolicyInfo): void {
    const facade = buildFacade(
      (channel): Promise<Result<unknown>> =>
        Promise.resolve(
          channel === 'app.policy'
            ? { ok: true, value: invokeChannels['app.policy'].output.parse(info) }
            : { ok: false, error: { code: 'NotConnected', message: 'Not connected.' } }
        ),
      () => () => {}
    )
    Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
  }

  it('lists what IT set and each problem line', async () => {
    answer({
      source: 'registry',
      policy: {
        neverSavePasswords: true,
        defaultConnections: [{ name: 'Plant', url: 'https://mi.plant.example/mi_servicelayer' }]
      },
      problems: ['"updateUrl" has a value JobQueue Desktop cannot use; it is ignored.']
    })
    setActivePinia(createPinia())
    const w = mount(PolicyCard, { global })
    mounted.push(w)
    await flushPromises()
    expect(w.text()).toContain('Set by your organisation')
    expect(w.text()).toContain('Windows registry')
    expect(w.find('[data-testid="policy-neverSavePasswords"]').text()).toContain('Never remembered')
    expect(w.find('[data-testid="policy-defaultConnections"]').text()).toContain(
      'Plant (https://mi.plant.example/mi_servicelayer)'
    )
    expect(w.findAll('[data-testid="policy-problem"]').map((p) => p.text())).toEqual([
      '"updateUrl" has a value JobQueue Desktop cannot use; it is ignored. Ask your IT department to correct the policy.'
    ])
  })

  it('says so when IT set nothing', async () => {
    answer({ source: 'none', policy: {}, problems: [] })
    setActivePinia(createPinia())
    const w = mount(PolicyCard, { global })
    mounted.push(w)
    await flushPromises()
    expect(w.text()).toContain('has not set any policy')
    expect(w.find('[data-testid="policy-lines"]').exists()).toBe(false)
  })
})
