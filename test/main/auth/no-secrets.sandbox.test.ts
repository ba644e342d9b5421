import { join } from 'node:path'
import { md4 } from 'hash-wasm'
import { describe, expect, it } from 'vitest'
import { connectionFormSchema } from '../../../common/connections'
import { findSecrets } from '../../helpers/secret-scan'
import { appBesideSandbox } from '../helpers/app-beside-sandbox'

/**
 * Windows account (NTLM) and Basic through the whole app, logging at debug level to its real files: after a wrong
 * password, a sign-in, the queue, a job and a download, no password, NT hash, Basic pair or NTLM message is in the
 * data folder, the log or any reply the renderer got.
 */
const ctx = { transport: 'browser' as const }
const password = 'writer-pass'
const env = appBesideSandbox({ prefix: 'jq-nosecret-', seedJobs: 5 })

describe('no credential leaves the sign-in', () => {
  it('NTLM and Basic: none in the data folder, the log or the replies', async () => {
    const h = env.app.handlers
    const replies: Record<string, string> = {}
    const keep = (name: string, value: unknown) => (replies[name] = JSON.stringify(value))
    for (const [kind, username] of [
      ['ntlm', 'SANDBOX\\writer'],
      ['basic', 'writer']
    ] as const) {
      const form = connectionFormSchema.parse({ name: kind, url: env.sb.url, auth: kind, username })
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
    await env.app.dispose()
    const ntHash = await md4(Buffer.from(password, 'utf16le'))
    const hits = findSecrets(
      { dirs: [env.dataDir], texts: replies },
      {
        literals: [password, 'SANDBOX\\writer:writer-pass', 'writer:writer-pass', ntHash],
        // NTLMSSP messages in base64 start "TlRMTVNTUA"; an Authorization header carries one.
        patterns: [/TlRMTVNTUA/, /authorization"?\s*[:=]\s*"?(NTLM|Basic|Negotiate|Bearer) \S/i]
      }
    )
    expect(hits).toEqual([])
    // The scan reads what it should: the log has the sign-ins and the requests.
    const logged = findSecrets({ dirs: [join(env.dataDir, 'logs')], texts: {} }, { literals: ['/Health/v2.svc'] })
    expect(logged.length).toBeGreaterThan(0)
  })
})
