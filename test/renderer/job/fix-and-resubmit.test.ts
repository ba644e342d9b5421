// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import PrimeVue from 'primevue/config'
import Tooltip from 'primevue/tooltip'
import JobActionBar from '../../../renderer/src/components/job/JobActionBar.vue'
import JobErrorsNotice from '../../../renderer/src/components/drafts/JobErrorsNotice.vue'
import { summaryLines } from '../../../renderer/src/components/drafts/job-errors'
import type { Rights } from '../../../renderer/src/permissions'
import { job } from '../../helpers/job-fixture'

/** "Fix and resubmit": offered on a failed job to whoever may copy it to a draft; the draft shows what failed. */
const reader: Rights = { online: true, username: 'reader', isAdmin: false, hasWriteAccess: false }
const global = { plugins: [PrimeVue], directives: { tooltip: Tooltip } }

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('Fix and resubmit in the Job view', () => {
  it('is there for a failed job, enabled for a reader (a draft needs no write access), and says so when picked', async () => {
    wrapper = mount(JobActionBar, {
      props: { job: job({ id: 'f', status: 'Failed' }), rights: reader, busy: {} },
      global,
      attachTo: document.body
    })
    const fix = wrapper.get('[data-testid=action-fix]')
    expect(fix.text()).toBe('Fix and resubmit')
    expect(fix.attributes('disabled')).toBeUndefined()
    await fix.trigger('click')
    expect(wrapper.emitted('act')).toEqual([['fixAndResubmit']])
  })

  it('is not offered for a job that succeeded, nor offline without saying why', () => {
    wrapper = mount(JobActionBar, {
      props: { job: job({ id: 's', status: 'Succeeded' }), rights: reader, busy: {} },
      global
    })
    expect(wrapper.find('[data-testid=action-fix]').exists()).toBe(false)
    wrapper.unmount()
    wrapper = mount(JobActionBar, {
      props: { job: job({ id: 'f', status: 'Failed' }), rights: { ...reader, online: false }, busy: {} },
      global
    })
    expect(wrapper.get('[data-testid=action-fix]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid=action-fix-wrap]').attributes('data-reason')).toBe('Connect to the server first')
  })
})

describe("the failed job's errors on the draft", () => {
  it("reads the summary's words", () => {
    const exp = job({
      id: 'e',
      summary: { kind: 'export', exportedRecords: 0, errors: ['Record 12 not found', 'x'.repeat(900)] }
    })
    const lines = summaryLines(exp)
    expect(lines[0]).toBe('Record 12 not found')
    expect(lines[1]?.length).toBe(400)
    const imp = (numberOfErrors: number | null, finishedSuccessfully: boolean) =>
      summaryLines(
        job({
          id: 'i',
          summary: {
            kind: 'import',
            finishedSuccessfully,
            numberOfErrors,
            numberOfRecordsCreated: null,
            numberOfRecordsUpdated: null,
            numberOfTasks: null
          }
        })
      )
    expect(imp(3, false)).toEqual(['The import reported 3 errors.'])
    expect(imp(null, false)).toEqual(['The import did not finish successfully.'])
    expect(imp(0, true)).toEqual([])
    expect(summaryLines(job({ id: 'n' }))).toEqual([])
  })

  it('shows them above the editor, and how many more the log holds', () => {
    wrapper = mount(JobErrorsNotice, {
      props: { errors: { jobName: 'Tensile batch 3', lines: ['ERROR Column "Tensile" not found'], logErrors: 14 } },
      global
    })
    expect(wrapper.text()).toContain('Tensile batch 3 failed.')
    expect(wrapper.findAll('[data-testid=job-error-line]').map((l) => l.text())).toEqual([
      'ERROR Column "Tensile" not found'
    ])
    expect(wrapper.text()).toContain('The log has 14 error lines')
  })
})
