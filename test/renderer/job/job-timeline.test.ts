// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import PrimeVue from 'primevue/config'
import Tooltip from 'primevue/tooltip'
import type { HandlerTable } from '../../../common/contract'
import { EventBus } from '../../../main/events'
import JobTimeline from '../../../renderer/src/components/job/JobTimeline.vue'
import { installFacadeOverMain } from '../facade-over-main'
import { settle } from '../settle'
import { job } from '../../helpers/job-fixture'

const t = (min: number) => new Date(Date.UTC(2026, 11, 2, 12, min)).toISOString()
const asked: string[] = []
function mountTimeline(props: InstanceType<typeof JobTimeline>['$props']) {
  return mount(JobTimeline, {
    props,
    global: { plugins: [PrimeVue], directives: { tooltip: Tooltip } },
    attachTo: document.body
  })
}

describe('the Job view’s timeline', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    asked.length = 0
    const table: Partial<HandlerTable> = {
      'jobs.typicalTimes': ({ type }) => {
        asked.push(type)
        return type === 'ExcelImportJob'
          ? { medianRunMs: 120_000, medianWaitMs: 4 * 60_000 }
          : { medianRunMs: null, medianWaitMs: null }
      }
    }
    installFacadeOverMain(table, new EventBus())
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('lists submitted → scheduled → started → completed in order, with times, gaps and the wait against the usual', async () => {
    const done = job({
      id: 'a',
      submissionDate: t(0),
      scheduledExecutionDate: t(2),
      executionDate: t(14),
      completionDate: t(17)
    })
    const w = mountTimeline({ job: done, now: new Date(t(30)), estimate: null })
    await settle()
    const items = w.findAll('ol[aria-label=Timeline] > li')
    expect(items.map((li) => li.attributes('data-step'))).toEqual(['submitted', 'scheduled', 'started', 'completed'])
    expect(items.map((li) => li.get('time').attributes('datetime'))).toEqual([t(0), t(2), t(14), t(17)])
    expect(items[1]!.text()).toContain('2 min 00 s after submission')
    expect(items[2]!.text()).toContain('after 12 min 00 s waiting')
    expect(items[3]!.text()).toContain('ran 3 min 00 s')
    expect(asked).toEqual(['ExcelImportJob'])
    expect(w.get('[data-testid=job-wait-comparison]').text()).toBe(
      'waited 12 min — 3× the usual 4 min for Excel imports'
    )
    w.unmount()
  })

  it('a pending job shows its estimated start, labelled as an estimate, and says when no run of its type is known', async () => {
    const waiting = job({
      id: 'b',
      type: 'TextImportJob',
      status: 'Pending',
      position: 4,
      submissionDate: t(0),
      executionDate: null,
      completionDate: null
    })
    const estimate = { short: '', text: 'about 25 min (3 ahead)', title: 'Estimated start, from the 3 jobs ahead' }
    const w = mountTimeline({ job: waiting, now: new Date(t(5)), estimate })
    await settle()
    const started = w.get('li[data-step=started]')
    expect(started.attributes('data-state')).toBe('now')
    expect(started.get('[data-testid=job-start-estimate]').text()).toContain('Estimated: about 25 min (3 ahead)')
    expect(started.get('.sr-only').text()).toBe('Estimated start, from the 3 jobs ahead')
    expect(w.get('li[data-step=completed]').attributes('data-state')).toBe('ahead')
    expect(w.get('[data-testid=job-wait-comparison]').text()).toBe(
      'waiting 5 min so far — no recent runs of text imports to compare with'
    )
    w.unmount()
  })
})
