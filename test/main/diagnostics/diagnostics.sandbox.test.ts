import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { md4 } from 'hash-wasm'
import { describe, expect, it } from 'vitest'
import { connectionFormSchema } from '../../../common/connections'
import { findSecrets } from '../../helpers/secret-scan'
import { appBesideSandbox } from '../helpers/app-beside-sandbox'
import { readZip } from '../sandbox/processing/helpers'

/**
 * Help → Diagnostics through the whole app, after NTLM and Basic sign-ins logged at debug level to the real files:
 * the copied report and the saved zip say what support needs and hold no password, hash, Basic pair or token.
 */
const ctx = { transport: 'browser' as const }
const password = 'writer-pass'
const basicPair = Buffer.from(`writer:${password}`).toString('base64')
const env = appBesideSandbox({ prefix: 'jq-diag-', seedJobs: 3 })

async function signInTwice(): Promise<void> {
  const h = env.app.handlers
  for (const [kind, username] of [
    ['ntlm', 'SANDBOX\\writer'],
    ['basic', 'writer']
  ] as const) {
    const c = await h['connections.create'](
      connectionFormSchema.parse({ name: kind, url: env.sb.url, auth: kind, username }),
      ctx
    )
    await Promise.resolve(h['session.connect']({ id: c.id, password: 'not-the-password' }, ctx)).catch(() => {})
    await h['session.connect']({ id: c.id, password, remember: 'session' }, ctx)
    await h['queue.refresh'](undefined, ctx)
  }
}

describe('Help → Diagnostics', () => {
  it('copies and saves a report with the server, settings and log, and no secret in any of it', async () => {
    await signInTwice()
    for (let i = 0; i < 250; i++) env.app.logger.child('test').debug(`filler line ${i}`)
    // A line written raw, as an older version might have: the report and the zip redact it again.
    appendFileSync(join(env.dataDir, 'logs', 'main.log'), `[old] Authorization: Basic ${basicPair}\n`)

    const { text } = await env.app.handlers['app.diagnostics'](undefined, ctx)
    expect(text).toContain('JobQueue Desktop diagnostics')
    expect(text).toMatch(/Node\.js: \d+\.\d+\.\d+/)
    expect(text).toMatch(/Status: connected to basic \(http:\/\/127\.0\.0\.1:\d+/)
    expect(text).toMatch(/Server version: \d+\.\d+/)
    expect(text).toMatch(/Sign-in schemes offered: (ntlm, basic|basic, ntlm)/)
    expect(text).toContain('Log level: debug')
    expect(text).toContain('Notify about jobs: mine, system notifications')
    expect(text).toMatch(/Downloads: \d+ at a time, no speed limit/)
    expect(text).toContain('Source: none set')
    expect(text).toContain('## Last 200 log lines')
    const logPart = text.slice(text.indexOf('## Last 200 log lines'))
    expect(logPart.trimEnd().split('\n')).toHaveLength(201)
    expect(logPart).toContain('Authorization: [redacted]')
    expect(logPart).toContain('filler line 249')
    expect(logPart).not.toContain('started (browser')

    const zipPath = join(mkdtempSync(join(tmpdir(), 'jq-diag-out-')), 'diagnostics.zip')
    const saved = await env.app.handlers['app.saveDiagnostics']({ path: zipPath }, ctx)
    expect(saved).toEqual({ path: zipPath, logFiles: 1 })
    const entries = await readZip(zipPath)
    expect([...entries.keys()].sort()).toEqual(['diagnostics.txt', 'logs/main.log'])
    const zipped = Object.fromEntries([...entries].map(([name, bytes]) => [`zip:${name}`, bytes.toString('utf8')]))
    expect(zipped['zip:diagnostics.txt']).toContain('Sign-in schemes offered')
    // The zip has the whole log: the first sign-in too, which the last 200 lines of the report no longer reach.
    expect(zipped['zip:logs/main.log']).toContain('started (browser')
    expect(zipped['zip:logs/main.log']).toContain('/Health/v2.svc')

    const ntHash = await md4(Buffer.from(password, 'utf16le'))
    const hits = findSecrets(
      { dirs: [], texts: { copied: text, ...zipped } },
      {
        literals: [password, 'SANDBOX\\writer:writer-pass', 'writer:writer-pass', ntHash],
        patterns: [/TlRMTVNTUA/, /authorization"?\s*[:=]\s*"?(NTLM|Basic|Negotiate|Bearer) \S/i]
      }
    )
    expect(hits).toEqual([])
    // The raw line really is in the file on disk: the scan above checks the redaction, not a clean log.
    expect(readFileSync(join(env.dataDir, 'logs', 'main.log'), 'utf8')).toContain(basicPair)
  })

  it('applies the log level from Settings at once, and keeps it', async () => {
    const h = env.app.handlers
    expect(await h['app.logLevel'](undefined, ctx)).toEqual({ level: 'debug', chosen: 'debug', policy: null })
    expect(await h['app.setLogLevel']({ level: 'warn' }, ctx)).toEqual({ level: 'warn', chosen: 'warn', policy: null })
    env.app.logger.child('queue').info('an info line after the change')
    env.app.logger.child('queue').warn('a warn line after the change')
    const log = readFileSync(join(env.dataDir, 'logs', 'main.log'), 'utf8')
    expect(log).toContain('a warn line after the change')
    expect(log).not.toContain('an info line after the change')
    expect(JSON.parse(readFileSync(join(env.dataDir, 'log-settings.json'), 'utf8'))).toMatchObject({
      data: { level: 'warn' }
    })
  })

  it('saves only where the gate lets it, and opens the logs folder main knows', async () => {
    const h = env.app.handlers
    await expect(
      Promise.resolve(h['app.saveDiagnostics']({ path: '\\\\server\\share\\d.zip' }, ctx))
    ).rejects.toMatchObject({
      code: 'Forbidden'
    })
    const notices: unknown[] = []
    const off = env.app.events.subscribe((event, payload) => event === 'app.notice' && notices.push(payload))
    expect(await h['app.openLogsFolder'](undefined, ctx)).toBeNull()
    off()
    expect(notices).toEqual([{ level: 'info', message: `Open ${join(env.dataDir, 'logs')} from your file manager.` }])
  })
})
