import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { buildFacade, type EventChannel, type HandlerTable, type InvokeChannel } from '../../../common/contract'
import { browserDesktop } from '../../../main/desktop-api'
import { createDownloads, type DownloadClient } from '../../../main/downloads'
import type { OpenedOutput } from '../../../main/downloads/source'
import type { LayoutJob } from '../../../main/downloads/layout'
import { EventBus } from '../../../main/events'
import { fileHandlers } from '../../../main/files/handlers'
import { acceptingGate } from '../../helpers/grants'
import { downloadPlaces } from '../../../main/downloads/targets'
import { createDispatch } from '../../../main/ipc/dispatch'
import { testLogger } from '../../helpers/logger'

/** A response body the test feeds by hand, so progress can be watched at a known point. */
export interface OpenBody {
  jobId: string
  fileName: string
  size: number
  stream: PassThrough
}

/**
 * The server side of downloads, in memory: jobs with output files of given sizes. Each opened output is
 * held until the test writes its bytes, so the engine's progress events arrive when the test says.
 */
export class HeldServer implements DownloadClient {
  readonly opened: OpenBody[] = []
  private readonly waiting: ((b: OpenBody) => void)[] = []

  constructor(private readonly jobs: { id: string; name: string; files: Record<string, number> }[]) {}

  private job(id: string): LayoutJob {
    const j = this.jobs.find((x) => x.id === id)
    if (!j) throw Object.assign(new Error(`No job ${id}`), { code: 'NotFound' })
    return {
      id: j.id,
      name: j.name,
      type: 'ExcelExport',
      submitterName: 'ana',
      completionDate: '2026-11-28T10:00:00Z',
      outputFileNames: Object.keys(j.files)
    }
  }
  // A missing job rejects (not throws), as the real client does.
  getJob(id: string): Promise<LayoutJob> {
    return new Promise((resolve) => resolve(this.job(id)))
  }
  listJobs(): Promise<{ jobs: LayoutJob[] }> {
    return Promise.resolve({ jobs: this.jobs.map((j) => this.job(j.id)) })
  }
  outputNames(jobId: string): Promise<{ names: string[] }> {
    return Promise.resolve({ names: Object.keys(this.jobs.find((j) => j.id === jobId)?.files ?? {}) })
  }
  openOutput(jobId: string, fileName: string): Promise<OpenedOutput> {
    const size = this.jobs.find((j) => j.id === jobId)?.files[fileName] ?? 0
    const body: OpenBody = { jobId, fileName, size, stream: new PassThrough() }
    this.opened.push(body)
    this.waiting.shift()?.(body)
    return Promise.resolve({
      status: 200,
      stream: body.stream,
      contentLength: size,
      totalBytes: size,
      etag: '"v1"',
      rangeHonoured: false
    })
  }
  /** The next body the engine opens (or one it has opened already and nobody took yet). */
  nextBody(): Promise<OpenBody> {
    const taken = this.taken
    const ready = this.opened[taken]
    this.taken++
    if (ready) return Promise.resolve(ready)
    return new Promise((r) => this.waiting.push(r))
  }
  private taken = 0
}

export interface EngineBridge {
  server: HeldServer
  events: EventBus
  dataDir: string
  /** How many times each channel was called through the bridge. */
  calls: Map<InvokeChannel, number>
  close(): Promise<void>
}

/**
 * `window.jobqueue` over main's real download engine and dispatch, on a temp data folder, signed in to a
 * connection whose server is `server`. Values are copied as if they crossed IPC.
 */
export async function installEngineBridge(server: HeldServer): Promise<EngineBridge> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jq-renderer-downloads-'))
  const events = new EventBus()
  const session = {
    state: () => ({ status: 'connected' as const, session: { connectionId: 'test' } }),
    client: () => server,
    subscribe: () => () => {}
  }
  const gate = acceptingGate()
  const downloads = createDownloads({ dataDir, events, session, gate, logger: testLogger() })
  await downloads.started
  const table = {
    ...downloads.handlers,
    ...fileHandlers({
      desktop: browserDesktop(),
      gate,
      downloads: downloadPlaces(() => downloads.engine.list()),
      originOf: () => Promise.resolve('the sandbox')
    })
  } as Partial<HandlerTable>
  const dispatch = createDispatch(table as HandlerTable, testLogger())
  const calls = new Map<InvokeChannel, number>()
  const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T))
  const facade = buildFacade(
    async (channel, input) => {
      calls.set(channel, (calls.get(channel) ?? 0) + 1)
      return copy(await dispatch(channel, copy(input), { transport: 'browser' }))
    },
    (event: EventChannel, listener) => events.subscribe((e, payload) => e === event && listener(copy(payload)))
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
  return {
    server,
    events,
    dataDir,
    calls,
    async close() {
      Reflect.deleteProperty(window, 'jobqueue')
      for (const b of server.opened) b.stream.destroy()
      await downloads.dispose()
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 })
    }
  }
}
