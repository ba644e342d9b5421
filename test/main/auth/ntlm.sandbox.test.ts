import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from '../../../main/granta/connect'
import { asset, sandbox, type Sandbox } from '../granta/helpers'
import { downloadRoute, runJobFlow } from './job-flow'

describe('Windows account (NTLMv2) against the sandbox', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = await sandbox({ auth: ['ntlm', 'basic'], processing: { pollingIntervalMs: 20 } })
  })
  afterAll(async () => {
    await sb.stop()
  })

  it('offers one WWW-Authenticate header per scheme, as IIS does', async () => {
    const r = await fetch(`${sb.url}/Health/v2.svc`)
    expect(r.status).toBe(401)
    expect(r.headers.get('www-authenticate')).toBe('NTLM, Basic realm="Granta MI Sandbox"')
  })

  it('runs the whole job flow; each of the 4 download sockets did its own handshake', async () => {
    const offered: string[][] = []
    const client = await connect(
      { url: sb.url, auth: { kind: 'ntlm', username: 'SANDBOX\\writer', password: 'writer-pass' }, timeoutMs: 10_000 },
      { onOffered: (o) => offered.push(o.schemes) }
    )
    try {
      expect(offered).toEqual([['ntlm', 'basic']])
      const flow = await runJobFlow(client, 'NTLM import', () => sb.tick())
      expect(flow.job).toMatchObject({ status: 'Succeeded', submitterName: 'writer' })
      expect(flow.downloads.every((d) => d.bytes > 0 && d.bytes === d.bytesWritten)).toBe(true)
      const sockets = sb.connections().filter((c) => (c.routes[downloadRoute] ?? 0) > 0)
      expect(sockets).toHaveLength(4)
      // Every download socket was signed in by exactly one handshake, as writer, and not again per request.
      expect(sockets.map((s) => [s.user, s.handshakes])).toEqual(Array(4).fill(['writer', 1]))
      expect(sb.connections().every((c) => c.handshakes <= 1)).toBe(true)
      const signedIn = sb.connections().filter((c) => c.handshakes === 1)
      expect(signedIn.length).toBeGreaterThanOrEqual(4)
      // The sandbox saw a request per socket beyond the handshake: sockets stayed signed in.
      expect(sb.connections().some((c) => c.requests > 3)).toBe(true)
    } finally {
      client.close()
    }
  })

  it('a wrong password is refused in words a user understands', async () => {
    const error = await connect({
      url: sb.url,
      auth: { kind: 'ntlm', username: 'writer', password: 'not-it' },
      timeoutMs: 10_000
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'Unauthorized', detail: { step: 'authenticate' } })
    expect((error as Error).message).toContain('did not accept the Windows account writer or its password')
    expect((error as Error).message).not.toContain('not-it')
  })
})

describe('NTLM and the clocks', () => {
  let sb: Sandbox
  beforeAll(async () => {
    // The server's clock runs two hours ahead.
    sb = await sandbox({ auth: ['ntlm'], clock: () => new Date(Date.now() + 2 * 3_600_000) })
  })
  afterAll(async () => {
    await sb.stop()
  })

  it('names a clock skew as such', async () => {
    const error = await connect({
      url: sb.url,
      auth: { kind: 'ntlm', username: 'writer', password: 'writer-pass' },
      timeoutMs: 10_000
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ClockSkew' })
    expect((error as Error).message).toMatch(/clock is 120 minutes off the server's/)
  })
})

describe('a server offering no scheme the app knows', () => {
  it('says which it offers and what to ask for', async () => {
    const { httpServer } = await import('../granta/helpers')
    const s = await httpServer((_req, res) => {
      res.statusCode = 401
      res.setHeader('www-authenticate', ['Digest realm="x", nonce="y"', 'Mutual'])
      res.end()
    })
    try {
      const error = await connect({
        url: `${s.url}/mi_servicelayer`,
        auth: { kind: 'basic', username: 'writer', password: 'writer-pass' },
        timeoutMs: 5_000
      }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'AuthUnavailable', detail: { schemes: ['digest', 'mutual'] } })
      expect((error as Error).message).toContain('does not know (digest, mutual)')
    } finally {
      await s.close()
    }
  })
})

describe('an NTLM session that expires mid-way', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = await sandbox({ auth: ['ntlm'], processing: { pollingIntervalMs: 20 } })
  })
  afterAll(async () => {
    await sb.stop()
  })

  it('signs in again once, without losing the call or the download', async () => {
    const client = await connect({
      url: sb.url,
      auth: { kind: 'ntlm', username: 'writer', password: 'writer-pass' },
      timeoutMs: 10_000
    })
    try {
      const flow = await runJobFlow(client, 'before expiry', () => sb.tick())
      const before = sb.connections().reduce((n, c) => n + c.handshakes, 0)
      sb.forgetSignIns()
      // A JSON call: the 401 is answered by a new socket and a new handshake.
      expect((await client.listJobs()).jobs.length).toBeGreaterThan(0)
      sb.forgetSignIns()
      // A streamed download: got's stream API runs no afterResponse hook; the download path signs in itself.
      const opened = await client.openOutput(flow.job.id, flow.names[0] ?? '')
      let bytes = 0
      for await (const chunk of opened.stream) bytes += (chunk as Buffer).length
      expect(opened.status).toBe(200)
      expect(bytes).toBe(flow.downloads[0]?.bytes)
      expect(sb.connections().reduce((n, c) => n + c.handshakes, 0)).toBe(before + 2)
      sb.forgetSignIns()
      // A streamed upload: sent again from the file on a newly signed-in socket.
      const again = await client.createJob({
        type: 'ExcelImportJob',
        name: 'after expiry',
        description: null,
        combined: [{ path: asset('combined_import_file.xlsx') }]
      })
      expect(again).toMatchObject({ name: 'after expiry', submitterName: 'writer', inputFileIds: [expect.any(String)] })
      expect(sb.connections().reduce((n, c) => n + c.handshakes, 0)).toBe(before + 3)
    } finally {
      client.close()
    }
  })
})
