// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import PrimeVue from 'primevue/config'
import ToastService from 'primevue/toastservice'
import Tooltip from 'primevue/tooltip'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { EffectiveStatus, Job, JobSummary } from '../../../common/domain'
import StatusBadge from '../../../renderer/src/components/queue/StatusBadge.vue'
import { jobStatusLook } from '../../../renderer/src/components/queue/status'
import { useQueueStore } from '../../../renderer/src/stores/queue'
import JobView from '../../../renderer/src/views/JobView.vue'
import { job } from '../../helpers/job-fixture'
import { settle } from '../settle'

/**
 * One vocabulary: for every server status and summary, the badge, the Job view's header badge, its Details
 * and its summary's result say the same word; the server's own word is in the tooltip.
 */
const hour = 3_600_000
const importSummary = (finishedSuccessfully: boolean, numberOfErrors: number): JobSummary => ({
  kind: 'import',
  finishedSuccessfully,
  numberOfErrors,
  numberOfRecordsCreated: 2,
  numberOfRecordsUpdated: 0,
  numberOfTasks: 1
})
const exportSummary = (errors: string[]): JobSummary => ({ kind: 'export', exportedRecords: 4, errors })

interface Case {
  name: string
  patch: Partial<Job>
  status: EffectiveStatus
  word: string
  server: string
}
const cases = (): Case[] => [
  { name: 'pending', patch: { status: 'Pending' }, status: 'Pending', word: 'Pending', server: 'Pending' },
  {
    name: 'pending, its date passed',
    patch: { status: 'Pending', scheduledExecutionDate: new Date(Date.now() - hour).toISOString() },
    status: 'Pending',
    word: 'Pending',
    server: 'Pending'
  },
  {
    name: 'pending, its date ahead',
    patch: { status: 'Pending', scheduledExecutionDate: new Date(Date.now() + 24 * hour).toISOString() },
    status: 'Scheduled',
    word: 'Scheduled',
    server: 'Pending'
  },
  { name: 'running', patch: { status: 'Running' }, status: 'Running', word: 'Running', server: 'Running' },
  { name: 'succeeded, no summary', patch: {}, status: 'Succeeded', word: 'Succeeded', server: 'Succeeded' },
  {
    name: 'import finished, no errors',
    patch: { summary: importSummary(true, 0) },
    status: 'Succeeded',
    word: 'Succeeded',
    server: 'Succeeded'
  },
  {
    // The summary's FinishedSuccessfully decides, not its error count (errors below the import's tolerance).
    name: 'import finished, errors counted',
    patch: { summary: importSummary(true, 2) },
    status: 'Succeeded',
    word: 'Succeeded',
    server: 'Succeeded'
  },
  {
    name: 'import did not finish',
    patch: { summary: importSummary(false, 3) },
    status: 'CompletedWithErrors',
    word: 'Completed with errors',
    server: 'Succeeded'
  },
  {
    name: 'export without errors',
    patch: { type: 'ExcelExportJob', summary: exportSummary([]) },
    status: 'Succeeded',
    word: 'Succeeded',
    server: 'Succeeded'
  },
  {
    name: 'export with errors',
    patch: { type: 'ExcelExportJob', summary: exportSummary(['Record 12 not found']) },
    status: 'CompletedWithErrors',
    word: 'Completed with errors',
    server: 'Succeeded'
  },
  { name: 'failed, no summary', patch: { status: 'Failed' }, status: 'Failed', word: 'Failed', server: 'Failed' },
  {
    name: 'failed, import did not finish',
    patch: { status: 'Failed', summary: importSummary(false, 1) },
    status: 'Failed',
    word: 'Failed',
    server: 'Failed'
  },
  {
    name: 'cancelled',
    patch: { status: 'Cancelled', executionDate: null },
    status: 'Cancelled',
    word: 'Cancelled',
    server: 'Cancelled'
  },
  {
    name: 'a status the app does not know',
    patch: { status: 'Other', otherStatus: 'Paused' },
    status: 'Other',
    word: 'Other: Paused',
    server: 'Paused'
  },
  {
    name: 'an unknown status without a word',
    patch: { status: 'Other', otherStatus: null },
    status: 'Other',
    word: 'Other: unknown',
    server: 'unknown'
  }
]

let pinia: Pinia
const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: {} }] })
let wrapper: VueWrapper | null = null
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function openJob(j: Job): Promise<VueWrapper> {
  useQueueStore().applySnapshot({
    connectionId: 'c1',
    source: 'server',
    lastUpdated: new Date().toISOString(),
    error: null,
    nextPollMs: null,
    paused: false,
    scope: {},
    counts: null,
    skipped: [],
    jobs: [j]
  })
  wrapper = mount(JobView, {
    props: { jobId: j.id },
    global: { plugins: [pinia, router, PrimeVue, ToastService], directives: { tooltip: Tooltip } }
  })
  await settle()
  return wrapper
}

describe('one status vocabulary: badge, Job view details and summary', () => {
  for (const c of cases()) {
    it(`${c.name}: ${c.word}`, async () => {
      const j = job({ id: 'job-1', ...c.patch })
      const look = jobStatusLook(j, new Date())
      expect(look.status).toBe(c.status)
      const badge = mount(StatusBadge, { props: { status: look.status, label: look.label } })
      expect(badge.text()).toBe(c.word)
      expect(badge.attributes('data-status')).toBe(c.status)
      badge.unmount()

      const view = await openJob(j)
      const head = view.find('[data-testid="status-badge"]')
      expect(head.text()).toBe(c.word)
      expect(head.attributes('title')).toBe(`Server status: ${c.server}`)
      const details = view.find('[data-testid="field-status"]')
      expect(details.text()).toBe(c.word)
      expect(details.attributes('title')).toBe(`Server status: ${c.server}`)
      const result = view.find('[data-testid="summary-result"]')
      expect(result.exists()).toBe(j.summary !== null)
      if (j.summary) expect(result.text()).toBe(c.word)
    })
  }
})
