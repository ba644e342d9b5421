import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { md4 } from 'hash-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionFormSchema } from '../../../common/connections'
import { createApp, type AppServices } from '../../../main/app'
import { createFileLogger } from '../../../main/log'
import { findSecrets } from '../../helpers/secret-scan'
import { sandbox, type Sandbox } from '../granta/helpers'

/**
 * Windows account (NTLM) and Basic through the whole app, logging at debug level to its real files: after a wrong
 * password, a sign-in, the queue, a job and a download, no password, NT hash, Basic pair or NTLM message is in the
 * data folder, the log or any reply the renderer got.
 */
const ctx = { transport: 'browser' as const }
const password = 'writer-pass'
let sb: Sandbox
let app: AppServices
let dataDir: string

beforeAll(async () => {
  sb = await sandbox({ auth: ['ntlm', 'basic'], seedJobs: 5 })
  dataDir = mkdtempSync(join(tmpdir(), 'jq-nosecret-'))
  app = createApp({
    dataDir,
    host: 'browser',
    reconnectOnStart: false,
    logger: createFileLogger(dataDir, { level: 'debug' })
  })
})
afterAll(async () => {
  await app?.dispose()
  await sb?.stop()
})

describe('no credential leaves the sign-in', () => {
  it('NTLM and Basic: none in the data folder, the log or the replies', async () => {
    const h = app.handlers
    const replies: Record<string, string> = {}
    const keep = (name: string, value: unknown) => (replies[name] = JSON.stringify(value))
    for (const [kind, username] of [
      ['ntlm', 'SANDBOX\\writer'],
      ['basic', 'writer']
    ] as const) {
      const form = connectionFormSchema.parse({ name: kind, url: sb.url, auth: kind, username })
      const c = await h['connections.create'](form, ctx)
      keep(`${kind} create`, c)
      const wrong = await Promise.resolve(h['session.connect']({ id: c.id, password: 'not-the-password' }, ctx)).catch(
        (e: unknown) => e
      )
      expect(wrong).toMatchObject({ code: 'Unauthorized' })
      keep(`${kind} wrong`, wrong)
      keep(`${kind} tested`, await h['connections.test']({ id: c.id, password }, ctx))
      keep(`${kind} connect`, await h['session.connect']({ id: c.id, password, remember: 'session' }, ctx))
      keep(`${kind} state`, await h['session.current'](undefined, ctx))
      keep(`${kind} list`, await h['connections.list'](undefined, ctx))
      await h['queue.refresh'](undefined, ctx)
      const snapshot = await h['queue.snapshot'](undefined, ctx)
      keep(`${kind} queue`, snapshot)
      const job = snapshot.jobs[0]
      if (!job) throw new Error('no job in the queue')
      keep(`${kind} job`, await h['jobs.get']({ id: job.id }, ctx))
    }
    await app.dispose()
    const ntHash = await md4(Buffer.from(password, 'utf16le'))
    const hits = findSecrets(
      { dirs: [dataDir], texts: replies },
      {
        literals: [password, 'SANDBOX\\writer:writer-pass', 'writer:writer-pass', ntHash],
        // NTLMSSP messages in base64 start "TlRMTVNTUA"; an Authorization header carries one.
        patterns: [/TlRMTVNTUA/, /authorization"?\s*[:=]\s*"?(NTLM|Basic|Negotiate|Bearer) \S/i]
      }
    )
    expect(hits).toEqual([])
    // The scan reads what it should: the log has the sign-ins and the requests.
    const logged = findSecrets({ dirs: [join(dataDir, 'logs')], texts: {} }, { literals: ['/Health/v2.svc'] })
    expect(logged.length).toBeGreaterThan(0)
  })
})
