import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HandlerTable } from '../../../common/contract'
import { AppError } from '../../../common/errors'
import { createConnections, MemorySecretStore } from '../../../main/connections'
import type { GrantaSessionClient } from '../../../main/connections/granta-port'
import { browserDesktop } from '../../../main/desktop-api'
import { createDrafts, type DraftsClient } from '../../../main/drafts'
import { EventBus } from '../../../main/events'
import { fileHandlers } from '../../../main/files/handlers'
import { acceptingGate } from '../../helpers/grants'
import { installFacadeOverMain } from '../facade-over-main'
import { testLogger } from '../../helpers/logger'

export interface RealBridge {
  events: EventBus
  dataDir: string
  close(): Promise<void>
}

const offlineOnly = () => Promise.reject(new AppError('NotConnected', 'No server in component tests.'))

/**
 * Puts `window.jobqueue` on the page over main's real services for what the wizard and the Drafts view
 * use: connections and session (offline: nothing to connect to here), files, dialogs and drafts, on a
 * temp data folder. (main/app.ts as a whole cannot load in
 * happy-dom: the sandbox resolves its assets from a file: URL.)
 */
export function installRealBridge(): RealBridge {
  const dataDir = mkdtempSync(join(tmpdir(), 'jq-renderer-'))
  const events = new EventBus()
  const connections = createConnections<GrantaSessionClient & DraftsClient>({
    dataDir,
    events,
    connect: offlineOnly,
    logger: testLogger(),
    sandbox: { start: offlineOnly, users: [] },
    keychain: {
      store: new MemorySecretStore(),
      probe: () => Promise.resolve({ available: true, store: 'memory', reason: null })
    }
  })
  const gate = acceptingGate()
  const drafts = createDrafts({
    dataDir,
    events,
    client: () => connections.sessionManager.client(),
    undoWindowMs: 60_000,
    gate,
    logger: testLogger()
  })
  const table = {
    ...connections.handlers,
    ...fileHandlers({
      desktop: browserDesktop(),
      gate,
      downloads: { connectionOf: () => null },
      originOf: () => Promise.resolve('the sandbox')
    }),
    ...drafts.handlers
  } as Partial<HandlerTable>
  installFacadeOverMain(table, events)
  return {
    events,
    dataDir,
    async close() {
      Reflect.deleteProperty(window, 'jobqueue')
      await drafts.dispose()
      await connections.dispose()
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 })
    }
  }
}
