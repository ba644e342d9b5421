import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../common/errors'
import { connect, type ConnectStep, type ConnectionProfile } from '../../../main/granta/index'
import { closedPort, httpServer, sandbox, tempDir, users, type Sandbox } from './helpers'
import { objectContaining } from '../../helpers/match'

let sb: Sandbox
beforeAll(async () => {
  sb = await sandbox()
})
afterAll(async () => {
  await sb?.stop()
})

async function attempt(profile: ConnectionProfile): Promise<{ error: AppError; steps: ConnectStep[] }> {
  const steps: ConnectStep[] = []
  try {
    const client = await connect(profile, { onStep: (s) => steps.push(s) })
    client.close()
  } catch (e) {
    if (e instanceof AppError) return { error: e, steps }
    throw e
  }
  throw new Error(`expected connect to fail; steps: ${JSON.stringify(steps)}`)
}

const stepOf = (e: AppError) => (e.detail as { step?: string } | undefined)?.step

/** A minimal Granta-like server whose answers each test bends. */
function fakeGranta(
  o: {
    version?: string
    swagger?: number
    health?: (req: IncomingMessage) => number
    healthHeaders?: Record<string, string>
  } = {}
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? ''
    if (url === '/sl/Health/v2.svc') {
      const status = o.health ? o.health(req) : 200
      res.writeHead(status, status === 401 ? { 'www-authenticate': 'Basic realm="MI"', ...o.healthHeaders } : {})
      return res.end()
    }
    if (url === '/sl/proxy/v1.svc/mi/swagger/v1/swagger.json') {
      const status = o.swagger ?? 200
      res.writeHead(status, { 'content-type': 'application/json' })
      return res.end(status === 200 ? '{"openapi":"3.0.1","paths":{}}' : '')
    }
    if (url === '/sl/proxy/v1.svc/mi/v1alpha/schema/mi-version') {
      const v = o.version ?? '25.2.0.0'
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(
        JSON.stringify({
          version: v,
          majorMinorVersion: v.split('.').slice(0, 2).join('.'),
          binaryCompatibilityVersion: v
        })
      )
    }
    res.writeHead(404)
    res.end()
  }
}

describe('connect', () => {
  it('runs the four steps in order and returns a client', async () => {
    const steps: ConnectStep[] = []
    const client = await connect({ url: `  ${sb.url}/ `, auth: users.writer }, { onStep: (s) => steps.push(s) })
    expect(steps.map((s) => [s.step, s.ok])).toEqual([
      ['probe', true],
      ['authenticate', true],
      ['api', true],
      ['version', true]
    ])
    expect(steps[0]?.message).toMatch(/Basic/)
    expect(client.serviceLayerUrl).toBe(sb.url)
    expect((await client.currentUser()).username).toBe('writer')
    client.close()
  })

  it('refuses a text that is not a URL, at the probe step', async () => {
    const { error, steps } = await attempt({ url: 'not a url', auth: users.admin })
    expect(error.code).toBe('Validation')
    expect(stepOf(error)).toBe('probe')
    expect(steps).toEqual([objectContaining({ step: 'probe', ok: false })])
  })

  it('names a refused connection (closed port)', async () => {
    const port = await closedPort()
    const { error } = await attempt({ url: `http://127.0.0.1:${port}/mi_servicelayer`, auth: users.admin })
    expect(error.code).toBe('ConnectionRefused')
    expect(error.message).toContain(`127.0.0.1:${port}`)
    expect(stepOf(error)).toBe('probe')
  })

  it('names a DNS failure', async () => {
    const { error } = await attempt({
      url: 'http://no-such-host.invalid/mi_servicelayer',
      auth: users.admin,
      timeoutMs: 10_000
    })
    expect(error.code).toBe('Dns')
    expect(error.message).toContain('no-such-host.invalid')
    expect(stepOf(error)).toBe('probe')
  })

  it('names a server that does not answer in time', async () => {
    const silent = await httpServer(() => undefined)
    try {
      const { error } = await attempt({ url: `${silent.url}/sl`, auth: users.admin, timeoutMs: 300 })
      expect(error.code).toBe('Timeout')
      expect(stepOf(error)).toBe('probe')
    } finally {
      await silent.close()
    }
  })

  it('says a non-Granta web server is not a Service Layer', async () => {
    const web = await httpServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' })
      res.end('<html>Not here</html>')
    })
    try {
      const { error } = await attempt({ url: `${web.url}/mi_servicelayer`, auth: users.admin })
      expect(error.code).toBe('NoServerApi')
      expect(error.message).toMatch(/no Granta MI Service Layer at this URL/)
      expect(stepOf(error)).toBe('probe')
    } finally {
      await web.close()
    }
  })

  it('says a web server that answers 200 to everything has no Server API', async () => {
    const web = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html>Welcome</html>')
    })
    try {
      const { error } = await attempt({ url: `${web.url}/sl`, auth: users.admin })
      expect(error.code).toBe('NoServerApi')
      expect(stepOf(error)).toBe('api')
    } finally {
      await web.close()
    }
  })

  it('reports a 404 swagger as "no Granta MI Server API at this URL"', async () => {
    const fake = await httpServer(fakeGranta({ swagger: 404 }))
    try {
      const { error, steps } = await attempt({ url: `${fake.url}/sl`, auth: { kind: 'anonymous' } })
      expect(error.code).toBe('NoServerApi')
      expect(error.message).toBe('There is no Granta MI Server API at this URL; check the Service Layer URL.')
      expect(steps.map((s) => [s.step, s.ok])).toEqual([
        ['probe', true],
        ['authenticate', true],
        ['api', false]
      ])
    } finally {
      await fake.close()
    }
  })

  it('refuses a server older than 24.2 and names both versions', async () => {
    const fake = await httpServer(fakeGranta({ version: '24.1.0.0' }))
    try {
      const { error } = await attempt({ url: `${fake.url}/sl`, auth: { kind: 'anonymous' } })
      expect(error.code).toBe('VersionUnsupported')
      expect(error.message).toContain('24.1')
      expect(error.message).toContain('24.2')
      expect(error.detail).toEqual({ step: 'version', serverVersion: '24.1.0.0', minimumVersion: '24.2' })
    } finally {
      await fake.close()
    }
  })

  it('accepts exactly 24.2', async () => {
    const fake = await httpServer(fakeGranta({ version: '24.2.0.0' }))
    try {
      const client = await connect({ url: `${fake.url}/sl`, auth: { kind: 'anonymous' } })
      expect(client.serverVersion).toBe('24.2.0.0')
      client.close()
    } finally {
      await fake.close()
    }
  })

  it('reports wrong credentials at the authenticate step', async () => {
    const { error, steps } = await attempt({
      url: sb.url,
      auth: { kind: 'basic', username: 'admin', password: 'wrong' }
    })
    expect(error.code).toBe('Unauthorized')
    expect(error.message).toMatch(/user name or password/)
    expect(steps.map((s) => [s.step, s.ok])).toEqual([
      ['probe', true],
      ['authenticate', false]
    ])
  })

  it('tells an anonymous user which sign-in the server wants', async () => {
    const { error } = await attempt({ url: sb.url, auth: { kind: 'anonymous' } })
    expect(error.code).toBe('Unauthorized')
    expect(error.message).toMatch(/requires sign-in.*Basic/)
    expect(stepOf(error)).toBe('authenticate')
  })

  it('says when the server does not offer Basic sign-in', async () => {
    const fake = await httpServer(
      fakeGranta({ health: () => 401, healthHeaders: { 'www-authenticate': 'Negotiate, NTLM' } })
    )
    try {
      const { error } = await attempt({ url: `${fake.url}/sl`, auth: users.admin })
      expect(error.code).toBe('Unauthorized')
      expect(error.message).toMatch(/does not accept Basic.*Negotiate.*NTLM/)
    } finally {
      await fake.close()
    }
  })

  it('reports a server error (5xx) after retrying the probe', async () => {
    let hits = 0
    const broken = await httpServer((_req, res) => {
      hits++
      res.writeHead(500)
      res.end('boom')
    })
    try {
      const client = connect(
        { url: `${broken.url}/sl`, auth: users.admin },
        { retry: { baseDelayMs: 1, maxDelayMs: 2 } }
      )
      await expect(client).rejects.toMatchObject({
        code: 'ServerError',
        detail: objectContaining({ step: 'probe', status: 500 })
      })
      expect(hits).toBe(5)
    } finally {
      await broken.close()
    }
  })

  it('can be cancelled', async () => {
    const silent = await httpServer(() => undefined)
    try {
      const controller = new AbortController()
      const p = connect({ url: `${silent.url}/sl`, auth: users.admin }, { signal: controller.signal })
      setTimeout(() => controller.abort(), 50)
      await expect(p).rejects.toMatchObject({ code: 'Cancelled', detail: { step: 'probe' } })
    } finally {
      await silent.close()
    }
  })
})

describe('connect over TLS', () => {
  let dir: string
  let server: HttpsServer
  let url: string

  beforeAll(async () => {
    dir = tempDir('jq-tls-')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1'
      ],
      { stdio: 'ignore' }
    )
    server = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      fakeGranta()
    )
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/sl`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  it('refuses a self-signed certificate with a Tls error', async () => {
    const { error } = await attempt({ url, auth: { kind: 'anonymous' } })
    expect(error.code).toBe('Tls')
    expect(error.message).toMatch(/self-signed/)
    expect(stepOf(error)).toBe('probe')
  })

  it('trusts it when its certificate is given as the extra CA file', async () => {
    const client = await connect({ url, auth: { kind: 'anonymous' }, tls: { caFile: join(dir, 'cert.pem') } })
    expect(client.serverVersion).toBe('25.2.0.0')
    expect(client.trust).toContain(join(dir, 'cert.pem'))
    client.close()
  })

  it('still refuses it with the system store only', async () => {
    const { error } = await attempt({ url, auth: { kind: 'anonymous' }, tls: { useSystemStore: true } })
    expect(error.code).toBe('Tls')
  })

  it('explains a CA file that is missing or holds no certificate', async () => {
    const missing = await attempt({ url, auth: { kind: 'anonymous' }, tls: { caFile: join(dir, 'none.pem') } })
    expect(missing.error.code).toBe('FileNotFound')
    expect(stepOf(missing.error)).toBe('probe')
    writeFileSync(join(dir, 'junk.pem'), 'hello')
    const junk = await attempt({ url, auth: { kind: 'anonymous' }, tls: { caFile: join(dir, 'junk.pem') } })
    expect(junk.error.code).toBe('Tls')
    expect(junk.error.message).toMatch(/no PEM certificate/)
  })
})
