// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { HandlerTable } from '../../../common/contract'
import { EventBus } from '../../../main/events'
import { StartEstimator } from '../../../main/queue/estimator'
import { mediansFromJobs } from '../../../main/queue/run-time-medians'
import QueueTable from '../../../renderer/src/components/queue/QueueTable.vue'
import { useStartEstimates } from '../../../renderer/src/composables/useStartEstimates'
import { useQueueStore } from '../../../renderer/src/stores/queue'
import { systemClock, type Clock } from '../../../main/clock'
import { until } from '../../helpers/until'
import { installFacadeOverMain } from '../facade-over-main'
import { settle } from '../settle'
import { job } from '../../helpers/job-fixture'

/** Main's clock, stopped at noon. */
const clock: Clock = { ...systemClock, now: () => new Date('2026-12-02T12:00:00Z') }
const at = (min: number) => new Date(clock.now().getTime() + min * 60_000).toISOString()
/** One slot; Excel imports took 10 min lately; one runs since 3 min ago, two wait. */
const jobs = [
  job({ id: 'done', submissionDate: at(-60), executionDate: at(-50), completionDate: at(-40) }),
  job({ id: 'run', status: 'Running', executionDate: at(-3), completionDate: null }),
  job({ id: 'p1', status: 'Pending', position: 1, executionDate: null, completionDate: null }),
  job({ id: 'p2', status: 'Pending', position: 2, executionDate: null, completionDate: null })
]

describe('estimated starts in the queue', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('the Status cell of each Pending job says when it should start, labelled as an estimate, and counts down', async () => {
    setActivePinia(createPinia())
    const estimator = new StartEstimator({
      jobs: () => jobs,
      scope: () => ({}),
      concurrency: () => 1,
      medians: mediansFromJobs(() => jobs),
      clock
    })
    const table: Partial<HandlerTable> = { 'queue.startEstimates': () => estimator.estimates() }
    installFacadeOverMain(table, new EventBus())
    const queue = useQueueStore()
    queue.now = clock.now()
    queue.applyDelta({
      connectionId: 'c',
      reset: true,
      added: jobs,
      changed: [],
      removed: [],
      source: 'server',
      lastUpdated: clock.now().toISOString(),
      error: null,
      nextPollMs: null,
      paused: false,
      scope: {},
      counts: null,
      skipped: []
    })
    const Harness = defineComponent(() => {
      const { cells } = useStartEstimates()
      return () =>
        h(QueueTable, {
          rows: jobs,
          sort: { column: null, direction: 'asc' },
          selected: new Set<string>(),
          now: queue.now,
          loading: false,
          estimates: cells.value
        })
    })
    const w = mount(Harness, { attachTo: document.body })
    const cell = (id: string) => w.find(`[data-job-id=${id}] [data-testid=start-estimate]`)
    await until(() => cell('p1').exists(), 'the estimates in the table')
    expect(cell('run').exists()).toBe(false)
    expect(cell('p1').get('[aria-hidden=true]').text()).toBe('~7 min · 1 ahead')
    expect(cell('p2').get('[aria-hidden=true]').text()).toBe('~17 min · 2 ahead')
    expect(cell('p1').get('.sr-only').text()).toMatch(/^Estimated start, from the 1 job ahead, 1 at a time/)
    // A minute later the count has moved, without a new estimate from main.
    queue.now = new Date(clock.now().getTime() + 60_000)
    await settle()
    expect(cell('p1').get('[aria-hidden=true]').text()).toBe('~6 min · 1 ahead')
    w.unmount()
  })
})
