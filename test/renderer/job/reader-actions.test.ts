// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import PrimeVue from 'primevue/config'
import Tooltip from 'primevue/tooltip'
import InlineEdit from '../../../renderer/src/components/job/InlineEdit.vue'
import JobActionBar from '../../../renderer/src/components/job/JobActionBar.vue'
import type { Rights } from '../../../renderer/src/permissions'
import { job } from '../../helpers/job-fixture'
import { settle } from '../settle'
import { until } from '../../helpers/until'

/** Rights shown, not guessed: what a role cannot do is there, disabled, and its tooltip says what it needs. */
const reader: Rights = { online: true, username: 'reader', isAdmin: false, hasWriteAccess: false }
const writer: Rights = { online: true, username: 'writer', isAdmin: false, hasWriteAccess: true }

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const global = { plugins: [PrimeVue], directives: { tooltip: Tooltip } }

function bar(rights: Rights, status: 'Pending' | 'Succeeded', submitterName = 'admin'): VueWrapper {
  wrapper = mount(JobActionBar, {
    props: { job: job({ id: 'j1', status, submitterName }), rights, busy: {} },
    global,
    attachTo: document.body
  })
  return wrapper
}

/** The text of the tooltip the wrapper of a control shows on hover. */
async function tooltipOf(w: VueWrapper, testid: string): Promise<string> {
  const wrap = w.find(`[data-testid="${testid}-wrap"]`)
  await wrap.trigger('mouseenter')
  const tip = await until(() => document.querySelector('.p-tooltip'), `the tooltip of ${testid}`)
  const text = tip.textContent?.trim() ?? ''
  await wrap.trigger('mouseleave')
  await until(() => !document.querySelector('.p-tooltip'), `the tooltip of ${testid} to go`)
  return text
}

function state(w: VueWrapper, testid: string): { shown: boolean; disabled: boolean } {
  const b = w.find(`[data-testid="${testid}"]`)
  return { shown: b.exists(), disabled: b.exists() && b.attributes('disabled') !== undefined }
}

describe("a reader's job actions", () => {
  it('shows every action that applies to a pending job, disabled with what it needs', async () => {
    const w = bar(reader, 'Pending')
    for (const id of ['action-reschedule', 'action-cancel', 'action-delete']) {
      expect(state(w, id)).toEqual({ shown: true, disabled: true })
      expect(await tooltipOf(w, id)).toBe('Needs write access')
    }
    expect(state(w, 'action-move-to-top')).toEqual({ shown: true, disabled: true })
    expect(await tooltipOf(w, 'action-move-to-top')).toBe('Administrators only')
    // Copying a job to a draft needs no write access.
    expect(state(w, 'action-copy-draft')).toEqual({ shown: true, disabled: false })
    // A pending job is not resubmitted: that action does not apply, so it is not offered.
    expect(state(w, 'action-resubmit').shown).toBe(false)
  })

  it('offers Resubmit for a finished job, disabled for a reader', async () => {
    const w = bar(reader, 'Succeeded')
    expect(state(w, 'action-resubmit')).toEqual({ shown: true, disabled: true })
    expect(await tooltipOf(w, 'action-resubmit')).toBe('Needs write access')
    expect(state(w, 'action-cancel').shown).toBe(false)
    expect(state(w, 'action-copy-draft')).toEqual({ shown: true, disabled: false })
  })

  it("tells a writer that another user's job is for administrators", async () => {
    const w = bar(writer, 'Pending', 'admin')
    expect(state(w, 'action-delete')).toEqual({ shown: true, disabled: true })
    expect(await tooltipOf(w, 'action-delete')).toBe('Administrators only')
    expect(state(w, 'action-copy-draft').disabled).toBe(false)
    const own = bar(writer, 'Pending', 'writer')
    expect(state(own, 'action-delete').disabled).toBe(false)
    expect(state(own, 'action-cancel').disabled).toBe(false)
  })

  it('shows the rename pencil disabled, with why', async () => {
    wrapper = mount(InlineEdit, {
      props: { value: 'Tensile batch 1', label: 'Name', denied: 'Needs write access', testid: 'job-name' },
      global,
      attachTo: document.body
    })
    expect(state(wrapper, 'job-name-edit')).toEqual({ shown: true, disabled: true })
    expect(await tooltipOf(wrapper, 'job-name-edit')).toBe('Needs write access')
  })
})

describe('renaming in place', () => {
  it('refuses an empty name with a small message beside Save, and keeps the field open', async () => {
    wrapper = mount(InlineEdit, {
      props: { value: 'Tensile batch 1', label: 'Name', denied: null, required: true, testid: 'job-name' },
      global,
      attachTo: document.body
    })
    await wrapper.find('[data-testid="job-name-edit"]').trigger('click')
    await settle()
    await wrapper.find('[data-testid="job-name-input"]').setValue('   ')
    await wrapper.find('[data-testid="job-name-save"]').trigger('click')
    await settle()
    const error = wrapper.find('[data-testid="job-name-error"]')
    expect(error.text()).toBe('Enter a name.')
    expect(error.element.tagName).toBe('SMALL')
    // In the row of buttons, which is there anyway: nothing below it moves.
    expect(error.element.parentElement?.classList.contains('buttons')).toBe(true)
    expect(wrapper.emitted('save')).toBeUndefined()
    // Typing takes the message away.
    await wrapper.find('[data-testid="job-name-input"]').setValue('Tensile batch 1b')
    await settle()
    expect(wrapper.find('[data-testid="job-name-error"]').exists()).toBe(false)
  })
})
