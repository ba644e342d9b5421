import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BasicAuthenticator } from '../../../main/granta/auth'
import { connect } from '../../../main/granta/connect'
import { Http } from '../../../main/granta/http'
import { httpServer, sandbox, tempDir, type Sandbox } from './helpers'

type Seen = { path: string; authorization: string | undefined }

/** Server A redirects `/go/<status>/<target>` to one of the other servers; every server notes what it was sent. */
describe('credentials stay with their origin across redirects', () => {
  const seen: Record<'a' | 'b', Seen[]> = { a: [], b: [] }
  let a: Awaited<ReturnType<typeof httpServer>>
  let b: Awaited<ReturnType<typeof httpServer>>

  beforeAll(async () => {
    b = await httpServer((req, res) => {
      seen.b.push({ path: req.url ?? '', authorization: req.headers.authorization })
      res.setHeader('content-type', 'application/json')
      res.end('{"where":"b"}')
    })
    a = await httpServer((req, res) => {
      seen.a.push({ path: req.url ?? '', authorization: req.headers.authorization })
      const m = /^\/go\/(\d+)\/(\w+)$/.exec(req.url ?? '')
      if (!m) {
        res.setHeader('content-type', 'application/json')
        return res.end('{"where":"a"}')
      }
      const targets: Record<string, string> = {
        port: `http://127.0.0.1:${b.port}/landed`,
        host: `http://localhost:${b.port}/landed`,
        same: '/landed'
      }
      res.statusCode = Number(m[1])
      res.setHeader('location', targets[m[2] ?? ''] ?? '/')
      res.end()
    })
  })
  afterAll(async () => {
    await a.close()
    await b.close()
  })

  const client = () =>
    new Http({
      authenticator: new BasicAuthenticator('admin', 'admin-pass'),
      origin: a.url,
      tls: { description: 'test' },
      timeoutMs: 5_000
    })
  const basic = `Basic ${Buffer.from('admin:admin-pass').toString('base64')}`

  for (const status of [301, 302, 307, 308]) {
    for (const target of ['port', 'host'] as const) {
      it(`${status} to another ${target}: the other server gets no Authorization`, async () => {
        seen.a.length = 0
        seen.b.length = 0
        const http = client()
        const r = await http.send({ method: 'GET', url: `${a.url}/go/${status}/${target}`, ctx: { action: 'testing' } })
        http.close()
        expect(JSON.parse(r.body.toString())).toEqual({ where: 'b' })
        expect(seen.a).toEqual([{ path: `/go/${status}/${target}`, authorization: basic }])
        expect(seen.b).toEqual([{ path: '/landed', authorization: undefined }])
      })
    }
  }

  it('a redirect within the origin keeps signing in', async () => {
    seen.a.length = 0
    const http = client()
    await http.send({ method: 'GET', url: `${a.url}/go/307/same`, ctx: { action: 'testing' } })
    http.close()
    expect(seen.a.map((s) => s.authorization)).toEqual([basic, basic])
  })
})

describe('https never falls back to http', () => {
  let dir: string
  let tls: ReturnType<typeof createHttpsServer>
  let plain: Awaited<ReturnType<typeof httpServer>>
  const plainSeen: Seen[] = []
  let url: string

  beforeAll(async () => {
    dir = tempDir('jq-redirect-tls-')
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', join(dir, 'key.pem')].concat([
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1'
      ]),
      { stdio: 'ignore' }
    )
    plain = await httpServer((req, res) => {
      plainSeen.push({ path: req.url ?? '', authorization: req.headers.authorization })
      res.end('{}')
    })
    tls = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_req, res) => {
        res.statusCode = 302
        res.setHeader('location', `${plain.url}/mi_servicelayer/Health/v2.svc`)
        res.end()
      }
    )
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r))
    url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/mi_servicelayer`
  })
  afterAll(async () => {
    tls.closeAllConnections()
    await new Promise((r) => tls.close(r))
    await plain.close()
  })

  it('refuses the redirect with a clear error and sends nothing over http', async () => {
    const error = await connect({
      url,
      auth: { kind: 'basic', username: 'admin', password: 'admin-pass' },
      tls: { caFile: join(dir, 'cert.pem'), useSystemStore: false },
      timeoutMs: 5_000
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'InsecureRedirect' })
    expect((error as Error).message).toMatch(/redirected a secure \(https\) request to http:\/\/127\.0\.0\.1/)
    expect(plainSeen).toEqual([])
  })
})

describe('a redirect to another origin that then asks for sign-in', () => {
  let sb: Sandbox
  let front: Awaited<ReturnType<typeof httpServer>>
  beforeAll(async () => {
    sb = await sandbox()
    // The front server sends every request to the sandbox: another port, so another origin.
    front = await httpServer((req, res) => {
      res.statusCode = 307
      res.setHeader('location', `${sb.url.replace(/\/mi_servicelayer$/, '')}${req.url ?? ''}`)
      res.end()
    })
  })
  afterAll(async () => {
    await front.close()
    await sb.stop()
  })

  it('says that the credentials stayed behind, and why', async () => {
    const error = await connect({
      url: `${front.url}/mi_servicelayer`,
      auth: { kind: 'basic', username: 'admin', password: 'admin-pass' },
      timeoutMs: 5_000
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'InsecureRedirect' })
    expect((error as Error).message).toContain(`redirected to ${new URL(sb.url).host}`)
    expect((error as Error).message).not.toContain('admin-pass')
  })
})
