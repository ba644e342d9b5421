// @vitest-environment happy-dom
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import DiagnosticsCard from '../../../renderer/src/components/help/DiagnosticsCard.vue'
import { installRenderer } from '../../../renderer/src/setup'
import { settle } from '../settle'
import { installDiagnosticsBridge, type DiagnosticsBridge } from './diagnostics-bridge'

vi.setConfig({ testTimeout: 30_000 })

let bridge: DiagnosticsBridge | undefined
let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  bridge?.close()
  bridge = undefined
})

async function mountCard(b: DiagnosticsBridge): Promise<VueWrapper> {
  wrapper = mount(DiagnosticsCard, {
    props: { dataDir: b.dataDir },
    attachTo: document.body,
    global: { plugins: [{ install: (app) => void installRenderer(app, { history: createMemoryHistory() }) }] }
  })
  await settle()
  return wrapper
}

const levelButton = (w: VueWrapper, label: string) => {
  const button = w.findAll('[data-testid="log-level"] button').find((b) => b.text() === label)
  if (!button) throw new Error(`no log level button ${label}`)
  return button
}

describe('Help → Diagnostics card', () => {
  it('copies the report main builds to the clipboard', async () => {
    bridge = installDiagnosticsBridge()
    bridge.logger.child('queue').info('a line the report should end with')
    const w = await mountCard(bridge)
    await w.get('[data-testid="diagnostics-copy"]').trigger('click')
    await settle()
    const copied = await navigator.clipboard.readText()
    expect(copied).toContain('JobQueue Desktop diagnostics')
    expect(copied).toContain('Status: not connected')
    expect(copied.trimEnd()).toMatch(/\(queue\) a line the report should end with$/)
  })

  it('sets the log level in main at once', async () => {
    bridge = installDiagnosticsBridge()
    const w = await mountCard(bridge)
    expect(levelButton(w, 'Info').attributes('aria-pressed')).toBe('true')
    await levelButton(w, 'Debug').trigger('click')
    await settle()
    expect(bridge.logger.level).toBe('debug')
    expect(levelButton(w, 'Debug').attributes('aria-pressed')).toBe('true')
    expect(readFileSync(join(bridge.dataDir, 'log-settings.json'), 'utf8')).toContain('"debug"')
    expect(w.find('[data-testid="log-level-locked"]').exists()).toBe(false)
  })

  it('shows a log level IT set as set by the organisation, and cannot change it', async () => {
    bridge = installDiagnosticsBridge({ logLevel: 'warn' })
    const w = await mountCard(bridge)
    expect(w.get('[data-testid="log-level-locked"]').text()).toBe('Set by your organisation')
    expect(levelButton(w, 'Warnings').attributes('aria-pressed')).toBe('true')
    for (const b of w.findAll('[data-testid="log-level"] button')) expect(b.attributes('disabled')).toBeDefined()
    await levelButton(w, 'Debug').trigger('click')
    await settle()
    expect(bridge.logger.level).toBe('warn')
    expect(existsSync(join(bridge.dataDir, 'log-settings.json'))).toBe(false)
  })

  it('saves the zip to a typed path where there are no native dialogs, and opens the logs folder', async () => {
    bridge = installDiagnosticsBridge()
    const w = await mountCard(bridge)
    await w.get('[data-testid="diagnostics-save"]').trigger('click')
    await settle()
    const input = document.querySelector<HTMLInputElement>('[data-testid="diagnostics-save-prompt-path"]')
    expect(input?.value).toMatch(new RegExp(`^${bridge.dataDir}/jobqueue-diagnostics-\\d{8}-\\d{4}\\.zip$`))
    const target = join(bridge.dataDir, 'for-support.zip')
    input!.value = target
    input!.dispatchEvent(new Event('input'))
    document.querySelector<HTMLButtonElement>('[data-testid="diagnostics-save-prompt-confirm"]')?.click()
    await settle()
    await vi.waitFor(() => expect(existsSync(target)).toBe(true))
    expect(readFileSync(target).subarray(0, 2).toString()).toBe('PK')

    const notices: unknown[] = []
    bridge.events.subscribe((_e, payload) => notices.push(payload))
    await w.get('[data-testid="diagnostics-open-logs"]').trigger('click')
    await settle()
    expect(notices).toEqual([
      { level: 'info', message: `Open ${join(bridge.dataDir, 'logs')} from your file manager.` }
    ])
  })
})
