import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildFacade, type EventChannel } from '../../../common/contract'
import { createApp, type AppServices } from '../../../main/app'
import { createDispatch } from '../../../main/ipc/dispatch'

export interface RealBridge {
  app: AppServices
  dataDir: string
  close(): Promise<void>
}

/**
 * Puts `window.jobqueue` on the page over the real handler table (main/app.ts on a temp data folder),
 * the way the browser host does, minus the WebSocket: every value is copied as if it crossed IPC.
 * Nothing connects unless a test asks to; file checks and drafts run on real files.
 */
export function installRealBridge(): RealBridge {
  const dataDir = mkdtempSync(join(tmpdir(), 'jq-renderer-'))
  const app = createApp({ dataDir, host: 'browser', reconnectOnStart: false })
  const dispatch = createDispatch(app.handlers)
  const copy = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)))
  const facade = buildFacade(
    async (channel, input) => copy(await dispatch(channel, copy(input), { transport: 'browser' })) as Awaited<ReturnType<typeof dispatch>>,
    (event: EventChannel, listener) => app.events.subscribe((e, payload) => e === event && listener(copy(payload)))
  )
  Object.defineProperty(window, 'jobqueue', { value: facade, configurable: true })
  return {
    app,
    dataDir,
    async close() {
      Reflect.deleteProperty(window, 'jobqueue')
      await app.dispose()
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 })
    }
  }
}
