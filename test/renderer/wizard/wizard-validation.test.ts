import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DOMWrapper } from '@vue/test-utils'
import { resolve, join } from 'node:path'
import { mountApp, preloadViews, type MountedApp } from '../mount-app'
import { installRealBridge, type RealBridge } from '../drafts/real-bridge'
import { connectedAs } from '../session-states'
import { settle } from '../settle'

const assets = resolve('assets/sandbox')
const asset = (name: string) => join(assets, name)

// Real file checks and drafts behind every step: slower than a stub, so a generous time limit.
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
  const b = app!.wrapper
    .findAll('button')
    .find((x) => x.text().trim() === label || x.attributes('aria-label') === label)
  if (!b) throw new Error(`no button "${label}"`)
  return b
}

async function goTo(stepLabel: 'files' | 'options' | 'schedule' | 'review'): Promise<void> {
  await button(`Next: ${stepLabel}`).trigger('click')
  await settle()
}

async function addPath(label: string, path: string): Promise<void> {
  const box = app!.wrapper.find(`input[aria-label="Add ${label} by path"]`)
  await box.setValue(path)
  await box.trigger('keydown', { key: 'Enter' })
  await settle()
}

/** Focus leaves a field (or a group of them): its problems may show now. */
async function leave(selector: string): Promise<void> {
  await app!.wrapper.find(selector).trigger('focusout')
  await settle()
}

const blocker = () => app!.wrapper.find('[data-testid="submit-blocker"]')
const submitNow = () => button('Submit now')
const alerts = (selector: string) => app!.wrapper.findAll(`${selector} [role="alert"]`).map((a) => a.text())

describe('the job wizard validates as you go', () => {
  it('says at the name field that the name is empty once it was left, and why Submit is disabled', async () => {
    app = await mountApp('/new-job?type=TextImportJob')
    await goTo('files')
    await addPath('xml template', asset('text_import_template.xml'))
    await addPath('data files', asset('example_data.txt'))
    await goTo('options')
    expect(app.wrapper.find('#job-name-msg').exists()).toBe(false)
    await app.wrapper.find('#job-name').trigger('blur')
    await settle()
    expect(app.wrapper.find('#job-name-msg').text()).toBe('Enter a name for the job.')
    expect(app.wrapper.find('#job-name').attributes('aria-invalid')).toBe('true')
    // Offline: the reason is the connection.
    expect(blocker().text()).toBe('Connect to a Granta MI server to submit now — or save this job as a draft.')
    expect(submitNow().attributes('disabled')).toBeDefined()
    expect(submitNow().attributes('aria-describedby')).toBe('submit-why')

    await app.wrapper.find('#job-name').setValue('Rig 4')
    await settle()
    expect(app.wrapper.find('#job-name-msg').exists()).toBe(false)
    expect(submitNow().attributes('disabled')).toBeDefined()
    // "Save as draft" is always possible.
    expect(button('Save as draft').attributes('disabled')).toBeUndefined()
  })

  it('says what an Excel import is missing: the template, the data files, and a path that is not there', async () => {
    app = await mountApp('/new-job?type=ExcelImportJob')
    await goTo('files')
    expect(alerts('section[aria-labelledby="template-label"]')).toEqual([])
    await leave('section[aria-labelledby="template-label"]')
    expect(alerts('section[aria-labelledby="template-label"]')).toEqual([
      'Add a combined file, or a template and at least one data file.'
    ])

    await addPath('import template', asset('import_template.xlsx'))
    expect(alerts('section[aria-labelledby="template-label"]')).toEqual([])
    expect(alerts('section[aria-labelledby="data-label"]')).toEqual([])
    await leave('section[aria-labelledby="data-label"]')
    expect(alerts('section[aria-labelledby="data-label"]')).toEqual(['Add at least one data file for the template.'])

    await addPath('data files', asset('not_here.xlsx'))
    expect(alerts('[data-testid="file-data.0"]')).toEqual([
      'No file at this path. Check the path, or pick the file again.'
    ])
    expect(app.wrapper.find('[data-testid="file-data.0"] .bad').exists()).toBe(true)

    await app.wrapper.find('[data-testid="file-data.0"] input').setValue(asset('data_file_1.xlsx'))
    await settle()
    expect(alerts('section[aria-labelledby="data-label"]')).toEqual([])
    expect(app.wrapper.find('[data-testid="file-data.0"] .good').exists()).toBe(true)
    // The step badges count what is shown: nothing left on Files, and the name was not visited yet.
    const steps = app.wrapper.findAll('[data-pc-name="step"]').map((s) => s.text())
    expect(steps[1]).not.toMatch(/\d$/)
    expect(steps[2]).not.toMatch(/\d$/)
  })

  it('warns about a wrong extension without refusing the file', async () => {
    app = await mountApp('/new-job?type=TextImportJob')
    await goTo('files')
    await addPath('xml template', asset('example_data.txt'))
    const row = app.wrapper.find('[data-testid="file-template"]')
    expect(row.find('.warn').text()).toContain('usually .xml')
    expect(row.find('[role="alert"]').exists()).toBe(false)
  })

  it('shows a draft with combined workbooks and a template as a conflict at the template field', async () => {
    const created = await window.jobqueue.drafts.create({
      request: {
        type: 'ExcelImportJob',
        name: 'Both kinds',
        description: null,
        template: { path: asset('import_template.xlsx') },
        data: [],
        combined: [{ path: asset('combined_import_file.xlsx') }],
        attachments: []
      }
    })
    expect(created.ok).toBe(true)
    if (!created.ok) return
    app = await mountApp(`/new-job?draft=${created.value.id}`)
    await settle()
    await goTo('files')
    expect(app.wrapper.find('[data-testid="import-conflict"]').exists()).toBe(true)
    expect(alerts('section[aria-labelledby="template-label"]')).toEqual([
      'Use either combined files, or a template with data files, not both. Remove the combined files or the template and data files.'
    ])
    // An opened draft shows at once what it still needs, in the footer too.
    expect(app.wrapper.find('[data-testid="wizard-problems"]').text()).toContain(
      'Use either combined files, or a template with data files, not both.'
    )

    // Removing the template resolves it.
    await app.wrapper
      .find('[data-testid="file-template"] button[aria-label="Remove import_template.xlsx"]')
      .trigger('click')
    await settle()
    expect(app.wrapper.find('[data-testid="import-conflict"]').exists()).toBe(false)
    expect(app.wrapper.findAll('[role="alert"]').map((a) => a.text())).toEqual([])
  })

  it('refuses a schedule in the past, with the time zone and UTC time shown', async () => {
    app = await mountApp('/new-job?type=TextImportJob')
    await goTo('files')
    await goTo('options')
    await goTo('schedule')
    await app.wrapper.find('#later').trigger('click')
    await settle()
    const when = app.wrapper.find('input[type="datetime-local"]')
    expect(when.exists()).toBe(true)
    // Choosing "At a date and time" proposes one in the future: no message yet.
    expect(app.wrapper.find('fieldset [role="alert"]').exists()).toBe(false)

    await when.setValue('2020-01-02T03:04')
    await settle()
    expect(app.wrapper.find('fieldset [role="alert"]').exists()).toBe(false)
    await leave('fieldset')
    expect(app.wrapper.find('fieldset [role="alert"]').text()).toBe(
      'This time has passed. Choose a time in the future, or "As soon as possible".'
    )
    expect(app.wrapper.find('fieldset').text()).toContain(
      `Sent to the server as ${new Date('2020-01-02T03:04').toISOString().slice(0, 16).replace('T', ' ')} UTC`
    )
    expect(app.wrapper.find('fieldset').text()).toContain('Your time zone:')

    await app.wrapper.find('#asap').trigger('click')
    await settle()
    expect(app.wrapper.find('fieldset [role="alert"]').exists()).toBe(false)
  })
})

describe('export records', () => {
  it('adds pasted records (header skipped), flags duplicates and removes them', async () => {
    app = await mountApp('/new-job?type=ExcelExportJob')
    await goTo('files')
    await goTo('options')
    const records = () => app!.wrapper.find('section.records')
    expect(records().find('[role="alert"]').exists()).toBe(false)
    await leave('section.records')
    expect(records().find('[role="alert"]').text()).toBe('Add at least one record to export.')

    await app.wrapper
      .find('#paste-records')
      .setValue('Record history identity\tVersion\n100001\t2\n100002\n100001\t2\nabc\n100003, 1')
    await button('Add pasted records').trigger('click')
    await settle()
    expect(records().find('.count').text()).toBe('4 records')
    expect(records().find('.notice').text()).toBe(
      'Added 4 records. Skipped 1 line: line 5: The record history identity must be a whole number.'
    )
    expect(records().find('.dupes').text()).toContain('1 duplicate')
    const rows = records().findAll('.tr:not(.th)')
    expect(rows.map((r) => r.classes('dup'))).toEqual([false, false, true, false])
    expect(rows[2]?.text()).toContain('Duplicate')
    expect((app.wrapper.find('#paste-records').element as HTMLTextAreaElement).value).toBe('')

    await button('Remove duplicates').trigger('click')
    await settle()
    expect(records().find('.count').text()).toBe('3 records')
    expect(records().find('.dupes').exists()).toBe(false)
    expect(records().find('[role="alert"]').exists()).toBe(false)
    // The review shows exactly what will be sent, once the template is there too.
    await app.wrapper.find('#job-name').setValue('Export')
    await expectReviewedRecords()
  })
})

/** Adds the template (the Files step, through the step list) and reads the records in the Review's request body. */
async function expectReviewedRecords(): Promise<void> {
  const files = app!.wrapper.findAll('[data-pc-name="step"] button').at(1)
  await files?.trigger('click')
  await settle()
  await addPath('export template', asset('export_template.xlsx'))
  const review = app!.wrapper.findAll('[data-pc-name="step"] button').at(4)
  await review?.trigger('click')
  await settle()
  const body = JSON.parse(app!.wrapper.find('pre[aria-label="Create-job request"]').text()) as {
    parameters: { InputRecords: unknown[]; DatabaseKey: string }
  }
  expect(body.parameters.DatabaseKey).toBe('MI_Training')
  expect(body.parameters.InputRecords).toEqual([
    { RecordHistoryIdentity: 100001, RecordVersion: 2 },
    { RecordHistoryIdentity: 100002, RecordVersion: null },
    { RecordHistoryIdentity: 100003, RecordVersion: 1 }
  ])
}

// Problems show when they help: at a field once it was left, and all of them, as links, once Submit was tried.
const allAlerts = () => app!.wrapper.findAll('[role="alert"]').map((a) => a.text())
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
    expect(allAlerts()).toEqual([])
    await button('Next: options').trigger('click')
    await settle()
    expect(allAlerts()).toEqual([])
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
    expect(allAlerts()).toEqual(['Enter a name for the job.'])
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
    expect(allAlerts()).toEqual(['No file at this path. Check the path, or pick the file again.'])
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
