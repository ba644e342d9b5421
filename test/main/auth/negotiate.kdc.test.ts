import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request, createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionFormSchema } from '../../../common/connections'
import { createApp } from '../../../main/app'
import { connect } from '../../../main/granta/connect'
import { createFileLogger } from '../../../main/log'
import { findSecrets } from '../../helpers/secret-scan'
import { defaultUsers } from '../../../main/sandbox/options'
import { startKdc, type Kdc } from '../../helpers/kdc'
import { tempDir } from '../granta/helpers'
import { runJobFlow } from './job-flow'

const root = resolve(import.meta.dirname, '../../..')

/** The sandbox in its own process: GSSAPI reads KRB5_KTNAME and KRB5_CONFIG from the process environment. */
async function sandboxProcess(kdc: Kdc): Promise<{ url: string; child: ChildProcess }> {
  const args = ['--import', 'tsx', join(root, 'main/sandbox/cli.ts'), '--port', '0', '--data', tempDir('jq-sb-krb-')]
  args.push('--auth', 'negotiate,ntlm', '--keytab', kdc.keytab, '--polling-ms', '20')
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...kdc.env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    const read = (b: Buffer) => {
      out += b.toString()
      const m = /Service Layer URL: (\S+)/.exec(out)
      if (m?.[1]) ok(m[1])
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.on('exit', (code) => fail(new Error(`the sandbox stopped (code ${code}): ${out}`)))
  })
  // The SPN is HTTP/localhost: clients use the name, not the address.
  return { url: url.replace('127.0.0.1', 'localhost'), child }
}

describe('Windows (current user): Negotiate with a real MIT Kerberos KDC', () => {
  let kdc: Kdc
  let sb: { url: string; child: ChildProcess }
  // Test files share a worker: the Kerberos variables this file sets are put back as they were.
  const savedEnv = { KRB5_CONFIG: process.env['KRB5_CONFIG'], KRB5CCNAME: process.env['KRB5CCNAME'] }

  beforeAll(async () => {
    kdc = await startKdc([...defaultUsers])
    process.env['KRB5_CONFIG'] = kdc.env['KRB5_CONFIG']
    sb = await sandboxProcess(kdc)
  }, 60_000)
  afterAll(async () => {
    sb?.child.kill('SIGTERM')
    await kdc?.stop()
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  it('runs the whole job flow with the ticket of writer', async () => {
    process.env['KRB5CCNAME'] = await kdc.kinit('writer', 'writer-pass')
    const offered: string[][] = []
    const client = await connect(
      { url: sb.url, auth: { kind: 'negotiate' }, timeoutMs: 10_000 },
      { onOffered: (o) => offered.push(o.schemes) }
    )
    try {
      expect(offered).toEqual([['negotiate', 'ntlm']])
      expect(await client.currentUser()).toMatchObject({ username: 'writer', isAdmin: false })
      const flow = await runJobFlow(client, 'Kerberos import')
      expect(flow.job).toMatchObject({ status: 'Succeeded', submitterName: 'writer' })
      expect(flow.downloads).toHaveLength(4)
      expect(flow.downloads.every((d) => d.bytes > 0 && d.bytes === d.bytesWritten)).toBe(true)
    } finally {
      client.close()
    }
  })

  it(`maps admin@REALM to the sandbox's administrator`, async () => {
    process.env['KRB5CCNAME'] = await kdc.kinit('admin', 'admin-pass')
    const client = await connect({ url: sb.url, auth: { kind: 'negotiate' }, timeoutMs: 10_000 })
    try {
      expect(await client.currentUser()).toMatchObject({ username: 'admin', isAdmin: true })
    } finally {
      client.close()
    }
  })

  it('through the whole app: no Kerberos ticket or Negotiate token in the data folder, the log or a reply', async () => {
    process.env['KRB5CCNAME'] = await kdc.kinit('writer', 'writer-pass')
    const dataDir = tempDir('jq-krb-app-')
    const app = createApp({
      dataDir,
      host: 'browser',
      reconnectOnStart: false,
      logger: createFileLogger(dataDir, { level: 'debug' })
    })
    const ctx = { transport: 'browser' as const }
    const replies: Record<string, string> = {}
    try {
      const form = connectionFormSchema.parse({ name: 'Domain', url: sb.url, auth: 'negotiate' })
      const c = await app.handlers['connections.create'](form, ctx)
      replies.test = JSON.stringify(await app.handlers['connections.test']({ id: c.id }, ctx))
      replies.connect = JSON.stringify(await app.handlers['session.connect']({ id: c.id }, ctx))
      replies.state = JSON.stringify(await app.handlers['session.current'](undefined, ctx))
      await app.handlers['queue.refresh'](undefined, ctx)
      replies.queue = JSON.stringify(await app.handlers['queue.snapshot'](undefined, ctx))
    } finally {
      await app.dispose()
    }
    expect(JSON.parse(replies.state ?? '{}')).toMatchObject({ status: 'connected', session: { username: 'writer' } })
    // The ticket itself: any 48 bytes of the credential cache, as they are or in base64.
    const cache = readFileSync(String(process.env['KRB5CCNAME']).replace(/^FILE:/, ''))
    const pieces = [0.3, 0.5, 0.7].map((at) =>
      cache.subarray(Math.floor(cache.length * at), Math.floor(cache.length * at) + 48)
    )
    const hits = findSecrets(
      { dirs: [dataDir], texts: replies },
      {
        literals: ['writer-pass', ...pieces.map((p) => p.toString('base64').slice(0, 40))],
        // A SPNEGO token in base64 starts "YII" (ASN.1 0x60 0x82); one in a header is "Negotiate <token>".
        patterns: [/Negotiate [A-Za-z0-9+/]{16}/, /YII[A-Za-z0-9+/]{60}/],
        raw: pieces
      }
    )
    expect(hits).toEqual([])
  })

  it('without a ticket says so, and what to do', async () => {
    process.env['KRB5CCNAME'] = `FILE:${join(kdc.dir, 'no-such-cache')}`
    const error = await connect({ url: sb.url, auth: { kind: 'negotiate' }, timeoutMs: 10_000 }).catch(
      (e: unknown) => e
    )
    expect(error).toMatchObject({ code: 'Unauthorized', detail: { reason: 'NoTicket', step: 'authenticate' } })
    expect((error as Error).message).toContain('you have no valid Kerberos ticket')
  })

  describe('the mutual-auth token', () => {
    let front: Server
    let url: string
    beforeAll(async () => {
      // Same origin for the client (localhost:<front>), but its answers' Negotiate tokens are forged.
      const target = new URL(sb.url)
      front = createServer((req, res) => {
        const upstream = request(
          { host: '127.0.0.1', port: target.port, path: req.url, method: req.method, headers: req.headers },
          (up) => {
            const headers = { ...up.headers }
            if (up.statusCode === 200 && /^Negotiate /.test(String(headers['www-authenticate'])))
              headers['www-authenticate'] = `Negotiate ${Buffer.from('forged answer').toString('base64')}`
            res.writeHead(up.statusCode ?? 502, headers)
            up.pipe(res)
          }
        )
        req.pipe(upstream)
      })
      await new Promise<void>((r) => front.listen(0, '127.0.0.1', r))
      url = `http://localhost:${(front.address() as AddressInfo).port}/mi_servicelayer`
    })
    afterAll(async () => {
      front.closeAllConnections()
      await new Promise((r) => front.close(r))
    })

    it('is checked: a forged one fails the sign-in', async () => {
      process.env['KRB5CCNAME'] = await kdc.kinit('writer', 'writer-pass')
      const error = await connect({ url, auth: { kind: 'negotiate' }, timeoutMs: 10_000 }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'Unauthorized', detail: { reason: 'MutualAuth' } })
      expect((error as Error).message).toContain('mutual authentication failed')
    })
  })
})
