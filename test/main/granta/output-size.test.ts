import { afterEach, describe, expect, it, vi } from 'vitest'
import { AnonymousAuthenticator } from '../../../main/granta/auth'
import { Http } from '../../../main/granta/http'
import type { Api } from '../../../main/granta/jobs'
import { outputSizes, totalFromContentRange } from '../../../main/granta/output-size'
import { serverUrls } from '../../../main/granta/url'
import { byteCountingRelay, connectWriter, seedOutputJobs } from '../downloads/fixtures'
import { httpServer, sandbox, tempDir } from './helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const outputsRoute = 'GET /v1alpha/job-queue/jobs/{id}/outputs:export'

describe('output file sizes', () => {
  it('come from one byte of each file: equal to the bytes on the server, with almost nothing sent', async () => {
    const dataDir = tempDir('jq-size-sb-')
    const sizes = {
      'results.xlsx': 3 * 1024 * 1024,
      'export.log': 180_000,
      'one.txt': 1,
      'empty.csv': 0,
      'Résumé #2.xlsx': 2_500_000
    }
    const seeded = await seedOutputJobs(dataDir, [
      { name: 'Sized', outputs: Object.entries(sizes).map(([name, size]) => ({ name, size })) }
    ])
    const jobId = seeded[0]!.jobId
    const sb = await sandbox({ dataDir })
    cleanups.push(() => sb.stop())
    // Every byte the server sends passes through this relay and is counted there.
    const relay = await byteCountingRelay(sb.port)
    cleanups.push(() => relay.close())
    const client = await connectWriter(sb.url.replace(`:${sb.port}/`, `:${relay.port}/`))
    cleanups.push(() => client.close())

    const before = relay.serverBytes()
    sb.resetStats()
    const result = await client.outputSizes(jobId, Object.keys(sizes))
    const sent = relay.serverBytes() - before

    expect(result).toEqual(Object.entries(sizes).map(([name, bytes]) => ({ name, bytes })))
    expect(sb.stats().byRoute[outputsRoute]).toBe(5)
    expect(sb.stats().total).toBe(5)
    expect(
      relay
        .requests()
        .filter((r) => r.line.includes('outputs:export'))
        .map((r) => r.range)
    ).toEqual(Array(5).fill('bytes=0-0'))
    // Status line and headers (a few hundred bytes) plus at most one byte of body per file; the files hold 5.7 MB.
    expect(sent).toBeLessThan(5 * 1024)
    expect(sent / 5).toBeLessThan(1024)
  })

  it('is null for a file that is gone, without failing the others', async () => {
    const dataDir = tempDir('jq-size-sb-')
    const seeded = await seedOutputJobs(dataDir, [{ name: 'Sized', outputs: [{ name: 'here.xlsx', size: 4096 }] }])
    const sb = await sandbox({ dataDir })
    cleanups.push(() => sb.stop())
    const client = await connectWriter(sb.url)
    cleanups.push(() => client.close())
    expect(await client.outputSizes(seeded[0]!.jobId, ['gone.xlsx', 'here.xlsx'])).toEqual([
      { name: 'gone.xlsx', bytes: null },
      { name: 'here.xlsx', bytes: 4096 }
    ])
  })

  it('falls back to the Content-Length of a server that ignores Range, and never reads that body', async () => {
    const whole = 50 * 1024 * 1024
    let written = 0
    let closedEarly = 0
    const server = await httpServer((req, res) => {
      const announced = req.url?.includes('announced') ?? false
      res.writeHead(200, announced ? { 'content-length': String(whole) } : {})
      const chunk = Buffer.alloc(64 * 1024, 7)
      const pump = () => {
        while (written < whole && !res.destroyed) {
          written += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      res.on('close', () => {
        if (!res.writableFinished) closedEarly++
      })
      pump()
    })
    cleanups.push(() => server.close())
    const http = new Http({
      authenticator: new AnonymousAuthenticator(),
      tls: { description: 'test' },
      origin: server.url,
      timeoutMs: 5_000
    })
    cleanups.push(() => http.close())
    const api: Api = { http, urls: serverUrls(`${server.url}/mi_servicelayer`) }

    // A 200 with a length: that is the size. Without one (chunked), the server does not say.
    expect(await outputSizes(api, 'job', ['announced.bin', 'chunked.bin'], { concurrency: 1 })).toEqual([
      { name: 'announced.bin', bytes: whole },
      { name: 'chunked.bin', bytes: null }
    ])
    await vi.waitFor(() => expect(closedEarly).toBe(2))
    // Both bodies were cut off early: far less than the two 50 MB files went out.
    expect(written).toBeLessThan(whole)
  })

  it('reads the total from Content-Range', () => {
    expect(totalFromContentRange('bytes 0-0/12345')).toBe(12345)
    expect(totalFromContentRange('bytes */0')).toBe(0)
    expect(totalFromContentRange('bytes 0-0/*')).toBeNull()
    expect(totalFromContentRange(undefined)).toBeNull()
    expect(totalFromContentRange('garbage')).toBeNull()
  })
})
