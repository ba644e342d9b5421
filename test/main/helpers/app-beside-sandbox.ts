import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { createApp, type AppServices } from '../../../main/app'
import { createFileLogger } from '../../../main/log'
import { sandbox, type Sandbox } from '../granta/helpers'

export interface AppBesideSandbox {
  sb: Sandbox
  app: AppServices
  dataDir: string
}

/**
 * The whole app on a fresh data folder, logging at debug level to its real files, beside a sandbox that signs in
 * with NTLM and Basic: started before the file's tests, stopped after them. For tests that scan what the app wrote.
 */
export function appBesideSandbox(o: { prefix: string; seedJobs: number }): AppBesideSandbox {
  const env = {} as AppBesideSandbox
  beforeAll(async () => {
    env.sb = await sandbox({ auth: ['ntlm', 'basic'], seedJobs: o.seedJobs })
    env.dataDir = mkdtempSync(join(tmpdir(), o.prefix))
    env.app = createApp({
      dataDir: env.dataDir,
      host: 'browser',
      reconnectOnStart: false,
      logger: createFileLogger(env.dataDir, { level: 'debug' })
    })
  })
  afterAll(async () => {
    await env.app?.dispose()
    await env.sb?.stop()
  })
  return env
}
