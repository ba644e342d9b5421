import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DOMWrapper } from '@vue/test-utils'
import { join, resolve } from 'node:path'
import { mountApp, preloadViews, type MountedApp } from '../mount-app'
import { installRealBridge, type RealBridge } from '../drafts/real-bridge'
import { connectedAs } from '../session-states'
import { settle } from '../settle'

/** Problems show when they help: at a field once it was left, and all of them, as links, once Submit was tried. */
const asset = (name: string) => join(resolve('assets/sandbox'), name)
vi.setConfig({ testTimeout: 30_000 })

let bridge: RealBridge
let app: MountedApp | undefined
beforeAll(preloadViews, 120_000)
beforeEach(() => {
  localStorage.clear()
  bridge = installRealBridge()
})
afterEach(async () => {
  app?.wrapper.unmount()
  app = undefined
  await bridge.close()
})

function button(label: string): DOMWrapper<Element> {
  const b = app!.wrapper.findAll('button').find((x) => x.text().trim() === label)
  if (!b) throw new Error(`no button "${label}"`)
  return b
}
const alerts = () => app!.wrapper.findAll('[role="alert"]').map((a) => a.text())
const badges = () => app!.wrapper.findAll('[data-pc-name="step"] .badge').map((b) => b.text())
const problems = () => app!.wrapper.findAll('[data-testid="wizard-problems"] button.problem')

async function signIn(user: 'writer' | 'reader'): Promise<void> {
  bridge.events.emit('session.changed', connectedAs(user))
  await settle()
}

describe('the job wizard shows problems when they help', () => {
  it('shows nothing red before anything was touched', async () => {
    app = await mountApp('/new-job?type=ExcelExportJob')
    await button('Next: files').trigger('click')
    await settle()
    expect(badges()).toEqual([])
    expect(alerts()).toEqual([])
    await button('Next: options').trigger('click')
    await settle()
    expect(alerts()).toEqual([])
    expect(app.wrapper.find('#job-name').attributes('aria-invalid')).toBeUndefined()
    // The name's placeholder reads as an example, not as a value already entered.
    expect(app.wrapper.find('#job-name').attributes('placeholder')).toBe('e.g. Tensile export, week 12')
  })

  it("shows a field's problem once the field is left, and only that one", async () => {
    app = await mountApp('/new-job?type=ExcelExportJob')
    await button('Next: files').trigger('click')
    await button('Next: options').trigger('click')
    await settle()
    const name = app.wrapper.find('#job-name')
    await name.trigger('focus')
    await name.trigger('blur')
    await settle()
    expect(app.wrapper.find('#job-name-msg').text()).toBe('Enter a name for the job.')
    expect(name.attributes('aria-invalid')).toBe('true')
    expect(alerts()).toEqual(['Enter a name for the job.'])
    // The Options step counts what it shows; the Files step, not left yet, stays quiet.
    expect(badges()).toEqual(['1'])
  })

  it('lists every problem once Submit is tried; each one takes you to its field', async () => {
    app = await mountApp('/new-job?type=ExcelExportJob')
    await signIn('writer')
    expect(app.wrapper.find('[data-testid="submit-blocker"]').exists()).toBe(false)
    await button('Submit now').trigger('click')
    await settle()
    const listed = problems().map((p) => p.text())
    expect(listed).toEqual([
      'Job name Enter a name for the job.',
      'Template Add an Excel export template.',
      'Records Add at least one record to export.'
    ])
    expect(app.wrapper.find('[data-testid="wizard-problems"]').text()).toContain('3 problems')
    // Still on the first step; the problem's button goes to the Options step and into the name field.
    await problems()[0]!.trigger('click')
    await settle()
    expect(document.activeElement?.id).toBe('job-name')
    await problems()[1]!.trigger('click')
    await settle()
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Add export template by path')

    // Fixing one takes it off the list.
    await app.wrapper.find('#job-name').setValue('Week 12')
    await settle()
    expect(problems()).toHaveLength(2)
  })

  it('a file added is checked at once: a path that is not there shows at its row', async () => {
    app = await mountApp('/new-job?type=TextImportJob')
    await button('Next: files').trigger('click')
    await settle()
    const box = app.wrapper.find('input[aria-label="Add data files by path"]')
    await box.setValue(asset('not_here.txt'))
    await box.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(alerts()).toEqual(['No file at this path. Check the path, or pick the file again.'])
  })
})

describe('a reader', () => {
  it('is told up front that drafts can be saved but not submitted; Submit is disabled with why', async () => {
    app = await mountApp('/new-job?type=TextImportJob')
    await signIn('reader')
    expect(app.wrapper.find('[data-testid="wizard-read-only"]').text()).toContain('you can save this job as a draft')
    const submit = button('Submit now')
    expect(submit.attributes('disabled')).toBeDefined()
    expect(app.wrapper.find('[data-testid="submit-blocker"]').text()).toBe(
      'reader may not create jobs on this server. Save it as a draft instead.'
    )
    expect(button('Save as draft').attributes('disabled')).toBeUndefined()
  })
})
