// @vitest-environment happy-dom
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import PrimeVue from 'primevue/config'
import ToastService from 'primevue/toastservice'
import Tooltip from 'primevue/tooltip'
import { buildFacade, type EventChannel, type HandlerTable, type InvokeChannel } from '../../../common/contract'
import { browserDesktop } from '../../../main/desktop-api'
import { createDownloads } from '../../../main/downloads'
import { EventBus } from '../../../main/events'
import { fileHandlers } from '../../../main/files/handlers'
import { acceptingGate } from '../../helpers/grants'
import { downloadPlaces } from '../../../main/downloads/targets'
import type { GrantaClient } from '../../../main/granta/client'
import { createDispatch } from '../../../main/ipc/dispatch'
import JobFiles from '../../../renderer/src/components/job/JobFiles.vue'
import { startSandboxProcess } from '../../bench/sandbox-process'
import { connectWriter, seedOutputJobs } from '../../main/downloads/fixtures'
import { settle } from '../settle'
import { testLogger } from '../../helpers/logger'

vi.setConfig({ testTimeout: 30_000 })

/**
 * The Job view's file list over main's real dispatch and a real sandbox (in its own process: the sandbox
 * cannot load in happy-dom). Sizes come from the server, one byte per file.
 */
const sizes = { 'results.xlsx': 2.5 * 1024 * 1024, 'export.log': 12_345, 'empty.csv': 0 }
const names = [...Object.keys(sizes), 'gone.xlsx']
let sandbox: ChildProcess
let client: GrantaClient
let jobId: string
let dataDir: string
let downloads: ReturnType<typeof createDownloads>
const calls = new Map<InvokeChannel, number>()

beforeAll(async () => {
  const sbDir = mkdtempSync(join(tmpdir(), 'jq-job-files-sb-'))
  const seeded = await seedOutputJobs(sbDir, [
    { name: 'Sized export', outputs: Object.entries(sizes).map(([name, size]) => ({ name, size })) }
  ])
  jobId = seeded[0]!.jobId
  const started = await startSandboxProcess(sbDir)
  sandbox = started.child
  client = await connectWriter(started.url)

  dataDir = mkdtempSync(join(tmpdir(), 'jq-job-files-'))
  const events = new EventBus()
  const session = {
    state: () => ({ status: 'connected' as const, session: { connectionId: 'test' } }),
    client: () => client,
    subscribe: () => () => {}
  }
  const gate = acceptingGate()
  downloads = createDownloads({ dataDir, events, session, gate, logger: testLogger() })
  await downloads.started
  const table = {
    ...downloads.handlers,
    ...fileHandlers({
      desktop: browserDesktop(),
      gate,
      downloads: downloadPlaces(() => downloads.engine.list()),
      originOf: () => Promise.resolve('the sandbox')
    }),
    // As main/app.ts wires it.
    'outputs.sizes': async ({ id, names }) => ({ sizes: await client.outputSizes(id, names) })
  } as Partial<HandlerTable>
  const dispatch = createDispatch(table as HandlerTable, testLogger())
  const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T))
  const facade = buildFacade(
    async (channel, input) => {
      calls.set(channel, (calls.get(channel) ?? 0) + 1)
      return copy(await dispatch(channel, copy(input), { transport: 'browser' }))
    },
    (event: EventChannel, listener) => events.subscribe((e, payload) => e === event && listener(copy(payload)))
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
})
afterAll(async () => {
  Reflect.deleteProperty(window, 'jobqueue')
  client?.close()
  await downloads?.dispose()
  await new Promise<void>((r) => (sandbox?.exitCode !== null ? r() : (sandbox.once('exit', () => r()), sandbox.kill())))
  rmSync(dataDir, { recursive: true, force: true })
})

const mounted: VueWrapper[] = []
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount()
  calls.clear()
})

function mountFiles(online: boolean) {
  const w = mount(JobFiles, {
    props: { jobId, names, online, busy: {} },
    global: { plugins: [createPinia(), PrimeVue, ToastService], directives: { tooltip: Tooltip } }
  })
  mounted.push(w)
  return w
}
const shown = (w: VueWrapper) =>
  w.findAll('[data-testid=job-file]').map((row) => {
    const size = row.find('[data-testid=job-file-size]')
    return [
      row.find('.name').text(),
      size.exists() ? size.text() : null,
      size.exists() ? size.attributes('data-bytes') : null
    ]
  })

describe('output files in the job view', () => {
  it('show their sizes once main has asked the server, and "size unknown" where it cannot say', async () => {
    const w = mountFiles(true)
    // The names are there at once; the sizes follow.
    await settle()
    expect(w.findAll('[data-testid=job-file]')).toHaveLength(4)
    expect(w.findAll('[data-testid=job-file-size-loading]')).toHaveLength(4)
    await vi.waitFor(() => expect(w.findAll('[data-testid=job-file-size]')).toHaveLength(4))
    expect(shown(w)).toEqual([
      ['results.xlsx', '2.5 MB', String(2.5 * 1024 * 1024)],
      ['export.log', '12 KB', '12345'],
      ['empty.csv', '0 B', '0'],
      ['gone.xlsx', 'size unknown', 'unknown']
    ])
    expect(w.findAll('[data-testid=job-file-size-loading]')).toHaveLength(0)
    expect(w.find('[data-bytes="12345"]').attributes('title')).toBe(`${(12_345).toLocaleString()} bytes`)
    expect(calls.get('outputs.sizes')).toBe(1)

    // A new copy of the same list (a monitor delta) does not ask again.
    await w.setProps({ names: [...names] })
    await settle()
    expect(calls.get('outputs.sizes')).toBe(1)
  })

  it('does not ask while offline, and asks once the connection is back', async () => {
    const w = mountFiles(false)
    await settle()
    expect(calls.get('outputs.sizes')).toBeUndefined()
    expect(shown(w).map((r) => r[1])).toEqual([null, null, null, null])
    expect(w.findAll('[data-testid=job-file-size-loading]')).toHaveLength(0)

    await w.setProps({ online: true })
    await vi.waitFor(() => expect(w.findAll('[data-testid=job-file-size]')).toHaveLength(4))
    expect(calls.get('outputs.sizes')).toBe(1)
    expect(shown(w)[0]?.[1]).toBe('2.5 MB')
  })
})
