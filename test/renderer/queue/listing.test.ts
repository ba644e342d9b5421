import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import PrimeVue from 'primevue/config'
import Tooltip from 'primevue/tooltip'
import type { QueueDelta } from '../../../common/queue'
import LiveState from '../../../renderer/src/components/queue/LiveState.vue'
import { useQueueStore } from '../../../renderer/src/stores/queue'
import { job } from './jobs'

const delta = (d: Partial<QueueDelta>): QueueDelta => ({
  connectionId: 'c1',
  source: 'server',
  lastUpdated: null,
  error: null,
  nextPollMs: null,
  paused: false,
  scope: {},
  counts: null,
  skipped: [],
  listing: null,
  reset: false,
  added: [],
  changed: [],
  removed: [],
  ...d
})

const live = (listing: QueueDelta['listing']) =>
  mount(LiveState, {
    props: {
      connected: true,
      source: 'server',
      lastUpdated: null,
      error: null,
      paused: false,
      refreshing: false,
      now: new Date(),
      listing
    },
    global: { plugins: [PrimeVue], directives: { tooltip: Tooltip } }
  }).find('[data-testid=live-state]')

describe('the first pages of a large queue', () => {
  it('keeps how far the listing is, and forgets it once the list is whole', () => {
    setActivePinia(createPinia())
    const q = useQueueStore()
    q.applyDelta(delta({ added: [job({ id: 'a' })], listing: { received: 1000, total: 50000 } }))
    expect(q.listing).toEqual({ received: 1000, total: 50000 })
    expect(q.list).toHaveLength(1)
    q.applyDelta(delta({ added: [job({ id: 'b' })] }))
    expect(q.listing).toBeNull()
    expect(q.list).toHaveLength(2)
  })

  it('says so in the live state while pages come in', () => {
    const loading = live({ received: 1000, total: 50000 })
    expect(loading.text()).toContain('1,000 of 50,000 jobs')
    expect(loading.attributes('data-tone')).toBe('busy')
    expect(live(null).attributes('data-tone')).toBe('live')
  })
})
