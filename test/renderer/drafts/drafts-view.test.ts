import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DOMWrapper } from '@vue/test-utils'
import { randomUUID } from 'node:crypto'
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { queuedDraftProgress, type DraftRecord } from '../../../common/drafts'
import { mountApp, preloadViews, type MountedApp } from '../mount-app'
import { installRealBridge, type RealBridge } from './real-bridge'
import { connectedAs } from '../session-states'
import { settle } from '../settle'

vi.setConfig({ testTimeout: 30_000 })

const asset = (name: string) => join(resolve('assets/sandbox'), name)

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
  document.body.innerHTML = ''
  await bridge.close()
})

async function create(name: string, data: string): Promise<string> {
  const r = await window.jobqueue.drafts.create({
    request: {
      type: 'TextImportJob',
      name,
      description: null,
      template: { path: asset('text_import_template.xml') },
      data: [{ path: data }],
      attachments: []
    }
  })
  if (!r.ok) throw new Error(r.error.message)
  return r.value.id
}

/** A draft that was submitted earlier, written to the drafts folder as main stores it. */
function writeSubmitted(name: string, jobId: string): string {
  const id = randomUUID()
  const now = new Date().toISOString()
  const record: DraftRecord = {
    id,
    createdAt: now,
    updatedAt: now,
    request: {
      type: 'ExcelExportJob',
      name,
      description: null,
      template: { path: asset('export_template.xlsx') },
      databaseKey: 'MI_Training',
      records: [{ historyIdentity: 100001, version: null }]
    },
    files: [{ path: asset('export_template.xlsx'), fingerprint: null, origin: 'local' }],
    submission: { status: 'submitted', jobId, submittedAt: now },
    lastError: null,
    archivedAt: null,
    source: { kind: 'new' }
  }
  mkdirSync(join(bridge.dataDir, 'drafts'), { recursive: true })
  writeFileSync(join(bridge.dataDir, 'drafts', `${id}.json`), JSON.stringify({ schemaVersion: 2, data: record }))
  return id
}

const rows = () => app!.wrapper.findAll('[data-testid="draft-row"]')
function rowNamed(name: string): DOMWrapper<Element> {
  const r = rows().find((x) => x.find('[data-testid="draft-name"]').text() === name)
  if (!r)
    throw new Error(
      `no draft row "${name}"; rows: ${rows()
        .map((x) => x.find('[data-testid="draft-name"]').text())
        .join(', ')}`
    )
  return r
}

/** Opens a row's "More actions" menu and clicks an item (the menu is teleported to the body). */
async function menuItem(draft: string, label: string): Promise<void> {
  await rowNamed(draft).find('[data-testid="draft-more"]').trigger('click')
  await settle()
  const item = [...document.querySelectorAll('[role="menuitem"]')].find((e) => e.textContent?.trim() === label)
  if (!item) throw new Error(`no menu item "${label}"`)
  ;(item.querySelector('.p-menu-item-content') as HTMLElement).click()
  await settle()
}

describe('Drafts view', () => {
  it('shows each draft with a state badge (colour, icon, words), type, files and the reasons it needs attention', async () => {
    const jobId = '7f1d2c3b-0000-4000-8000-00000000abcd'
    writeSubmitted('Weekly export', jobId)
    // A damaged draft file: moved aside and reported.
    mkdirSync(join(bridge.dataDir, 'drafts'), { recursive: true })
    writeFileSync(join(bridge.dataDir, 'drafts', `${randomUUID()}.json`), '{"schemaVersion": 2, "data": {"id": tru')
    await create('Rig 4 logs', asset('example_data.txt'))
    await create('Rig 5 logs', join(bridge.dataDir, 'gone', 'rig5.txt'))

    app = await mountApp('/drafts')
    await settle()
    expect(rows()).toHaveLength(3)

    const ready = rowNamed('Rig 4 logs')
    const badge = ready.find('[data-testid="draft-state"]')
    expect(badge.text()).toBe('Ready')
    expect(badge.classes()).toContain('tone-success')
    expect(badge.find('i').classes()).toContain('pi-check-circle')
    expect(ready.text()).toContain('Text import')
    expect(ready.find('.c-files').text()).toBe('2')
    expect(ready.find('.c-changed').text()).toBe('just now')
    expect(ready.find('[data-testid="draft-reasons"]').exists()).toBe(false)

    const attention = rowNamed('Rig 5 logs')
    const warn = attention.find('[data-testid="draft-state"]')
    expect(warn.attributes('data-state')).toBe('needsAttention')
    expect(warn.classes()).toContain('tone-warning')
    expect(warn.text()).toMatch(/^Needs attention\s*1$/)
    expect(attention.find('[data-testid="draft-reasons"]').text()).toContain(
      `"${join(bridge.dataDir, 'gone', 'rig5.txt')}" is missing`
    )
    expect(attention.find('[data-testid="draft-relink"]').exists()).toBe(true)

    const submitted = rowNamed('Weekly export')
    expect(submitted.find('[data-testid="draft-state"]').text()).toBe('Submitted')
    expect(submitted.find('[data-testid="draft-state"]').classes()).toContain('tone-done')
    expect(submitted.find('[data-testid="draft-job-link"]').attributes('href')).toContain(`/queue?job=${jobId}`)
    // Submitted drafts cannot be selected for another batch.
    expect(submitted.find('[data-testid="draft-select"] input').attributes('disabled')).toBeDefined()

    const problems = app.wrapper.find('[data-testid="drafts-problems"]')
    expect(problems.text()).toContain('1 draft file was damaged and could not be read')
    expect(problems.text()).toContain('.corrupt-')
  })

  it('highlights the draft named in ?highlight and explains why a batch cannot be submitted offline', async () => {
    const id = await create('Rig 4 logs', asset('example_data.txt'))
    await create('Rig 6 logs', asset('example_data.txt'))
    app = await mountApp(`/drafts?highlight=${id}`)
    await settle()
    expect(rowNamed('Rig 4 logs').classes()).toContain('highlighted')
    expect(rowNamed('Rig 6 logs').classes()).not.toContain('highlighted')

    await app.wrapper.find('[data-testid="drafts-select-all"] input').setValue(true)
    await settle()
    expect(app.wrapper.find('[data-testid="drafts-submit"]').text()).toBe('Submit 2 ready drafts')
    expect(app.wrapper.find('[data-testid="drafts-submit"]').attributes('disabled')).toBeDefined()
    expect(app.wrapper.find('[data-testid="drafts-submit-blocker"]').text()).toBe(
      'Connect to a Granta MI server to submit. Drafts stay here until then.'
    )
  })

  it('checks the files again when the window regains focus', async () => {
    const data = join(bridge.dataDir, 'rig7.txt')
    copyFileSync(asset('example_data.txt'), data)
    await create('Rig 7 logs', data)
    app = await mountApp('/drafts')
    await settle()
    expect(rowNamed('Rig 7 logs').find('[data-testid="draft-state"]').text()).toBe('Ready')

    // The file goes away while the user is in another window; coming back re-checks it.
    rmSync(data)
    await settle()
    expect(rowNamed('Rig 7 logs').find('[data-testid="draft-state"]').text()).toBe('Ready')
    window.dispatchEvent(new Event('focus'))
    await settle()
    expect(rowNamed('Rig 7 logs').find('[data-testid="draft-state"]').attributes('data-state')).toBe('needsAttention')
    expect(rowNamed('Rig 7 logs').find('[data-testid="draft-reasons"]').text()).toContain(`"${data}" is missing`)

    // A copy put back is a different file (its time changed): flagged as changed, found on the page becoming visible.
    copyFileSync(asset('example_data.txt'), data)
    document.dispatchEvent(new Event('visibilitychange'))
    await settle()
    expect(rowNamed('Rig 7 logs').find('[data-testid="draft-reasons"]').text()).toContain(
      `"${data}" has changed since it was added`
    )
  })

  it('renames in place, and deletes with an Undo that brings the draft back', async () => {
    await create('Rig 4 logs', asset('example_data.txt'))
    app = await mountApp('/drafts')
    await settle()
    await menuItem('Rig 4 logs', 'Rename')
    const input = app.wrapper.find('[data-testid="draft-rename-input"]')
    await input.setValue('Rig 4 logs, week 48')
    input.element.closest('form')?.dispatchEvent(new Event('submit'))
    await settle()
    expect(rowNamed('Rig 4 logs, week 48').exists()).toBe(true)
    const list = await window.jobqueue.drafts.list()
    expect(list.ok && list.value.drafts.map((d) => d.name)).toEqual(['Rig 4 logs, week 48'])

    // F2 on the name starts a rename too; Escape cancels it.
    await rowNamed('Rig 4 logs, week 48').find('[data-testid="draft-name"]').trigger('keydown', { key: 'F2' })
    await settle()
    await app.wrapper.find('[data-testid="draft-rename-input"]').setValue('Something else')
    await app.wrapper.find('[data-testid="draft-rename-input"]').trigger('keydown', { key: 'Escape' })
    await settle()
    expect(rowNamed('Rig 4 logs, week 48').exists()).toBe(true)

    await menuItem('Rig 4 logs, week 48', 'Delete')
    expect(rows()).toHaveLength(0)
    const undo = document.querySelector<HTMLButtonElement>('[data-testid="undo-delete"]')
    expect(document.querySelector('[data-testid="undo-toast"]')?.textContent).toContain('Rig 4 logs, week 48')
    undo?.click()
    await settle()
    expect(rows()).toHaveLength(1)
    expect(rowNamed('Rig 4 logs, week 48').exists()).toBe(true)
  })

  it('shows overall and per-draft progress from drafts.progress, and the error of a failed draft', async () => {
    const a = await create('Rig 4 logs', asset('example_data.txt'))
    const b = await create('Rig 6 logs', asset('example_data.txt'))
    app = await mountApp('/drafts')
    await settle()
    const base = {
      fileIndex: 0,
      fileCount: 2,
      filePath: null,
      bytesSent: 0,
      bytesTotal: 2000,
      jobId: null,
      error: null
    }
    bridge.events.emit('drafts.progress', {
      batchId: 'b1',
      total: 2,
      completed: 0,
      failed: 0,
      bytesSent: 500,
      bytesTotal: 4000,
      done: false,
      cancelled: false,
      drafts: [
        {
          ...base,
          id: a,
          name: 'Rig 4 logs',
          phase: 'uploading',
          fileIndex: 1,
          filePath: asset('text_import_template.xml'),
          bytesSent: 500
        },
        { ...base, id: b, name: 'Rig 6 logs', phase: 'queued' }
      ]
    })
    await settle()
    const panel = app.wrapper.find('[data-testid="batch-progress"]')
    expect(panel.find('[data-testid="batch-headline"]').text()).toBe('Submitting 2 drafts — 0 of 2 done')
    const batchRows = panel.findAll('[data-testid="batch-row"]')
    expect(batchRows.map((r) => r.attributes('data-phase'))).toEqual(['uploading', 'queued'])
    expect(batchRows[0]?.text()).toContain('File 1 of 2: text_import_template.xml')
    expect(rowNamed('Rig 4 logs').text()).toContain('Uploading file 1 of 2 — 25%')
    expect(panel.find('[data-testid="batch-cancel"]').exists()).toBe(true)

    // Only the drafts that changed come in each event; the panel keeps the others.
    bridge.events.emit('drafts.progress', {
      batchId: 'b1',
      total: 2,
      completed: 1,
      failed: 1,
      bytesSent: 4000,
      bytesTotal: 4000,
      done: true,
      cancelled: false,
      drafts: [
        { ...base, id: a, name: 'Rig 4 logs', phase: 'submitted', jobId: 'job-1', bytesSent: 2000 },
        {
          ...base,
          id: b,
          name: 'Rig 6 logs',
          phase: 'failed',
          error: { code: 'ServerError', message: 'The server answered 500.' }
        }
      ]
    })
    await settle()
    expect(panel.find('[data-testid="batch-headline"]').text()).toBe('1 of 2 submitted, 1 failed')
    expect(panel.findAll('[data-testid="batch-row"]')[1]?.text()).toContain('The server answered 500.')
    expect(panel.find('a[href*="job=job-1"]').exists()).toBe(true)
    await panel.find('[data-testid="batch-dismiss"]').trigger('click')
    await settle()
    expect(app.wrapper.find('[data-testid="batch-progress"]').exists()).toBe(false)
  })

  it('submits only the ready drafts of a selection, and says each reason once, at its row', async () => {
    await create('Rig 4 logs', asset('example_data.txt'))
    await create('Rig 5 logs', join(bridge.dataDir, 'gone', 'rig5.txt'))
    await create('Rig 7 logs', join(bridge.dataDir, 'gone', 'rig7.txt'))
    app = await mountApp('/drafts')
    bridge.events.emit('session.changed', connectedAs('writer'))
    await settle()

    await app.wrapper.find('[data-testid="drafts-select-all"] input').setValue(true)
    await settle()
    const submit = app.wrapper.find('[data-testid="drafts-submit"]')
    expect(submit.text()).toBe('Submit 1 ready draft (2 need attention)')
    expect(submit.attributes('disabled')).toBeUndefined()
    // The reason is said at the row, once: no banner above the list, no error line in the row.
    const missing = `"${join(bridge.dataDir, 'gone', 'rig5.txt')}" is missing`
    expect(app.wrapper.find('.drafts-page').text().split(missing)).toHaveLength(2)
    expect(app.wrapper.find('.toolbar').text()).not.toContain('will fail')
    expect(rowNamed('Rig 5 logs').find('[data-testid="draft-error"]').exists()).toBe(false)

    await submit.trigger('click')
    await settle()
    // Only the ready one went; the others stay selected, to be fixed and sent next.
    const sent = app.wrapper.findAll('[data-testid="batch-row"]').map((r) => r.find('.name').text())
    expect(sent).toEqual(['Rig 4 logs'])
    expect(app.wrapper.find('[data-testid="drafts-submit"]').text()).toBe('No ready draft to submit (2 need attention)')
    expect(rowNamed('Rig 5 logs').find('[data-testid="draft-error"]').exists()).toBe(false)
  })

  it("shows a draft skipped by main with main's reason, not as a failure", async () => {
    const a = await create('Rig 5 logs', join(bridge.dataDir, 'gone', 'rig5.txt'))
    app = await mountApp('/drafts')
    await settle()
    const message = 'Not sent: it needs attention first. The file is missing.'
    bridge.events.emit('drafts.progress', {
      batchId: 'b2',
      total: 1,
      completed: 0,
      failed: 0,
      bytesSent: 0,
      bytesTotal: 0,
      done: true,
      cancelled: false,
      drafts: [
        { ...queuedDraftProgress(a, 'Rig 5 logs'), phase: 'skipped', skipped: { kind: 'needsAttention', message } }
      ]
    })
    await settle()
    const panel = app.wrapper.find('[data-testid="batch-progress"]')
    expect(panel.find('[data-testid="batch-headline"]').text()).toBe('0 of 1 submitted, 1 not sent')
    expect(panel.find('[data-testid="batch-row"]').text()).toContain('Not sent')
    expect(panel.find('[data-testid="batch-row"]').text()).toContain(message)
    expect(document.querySelector('.p-toast-message')).toBeNull()
  })
})
