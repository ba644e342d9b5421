import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AnonymousAuthenticator } from '../../../main/granta/auth'
import { MAX_JSON_BYTES } from '../../../main/granta/bounded-body'
import { Http } from '../../../main/granta/http'
import { stringContaining, stringMatching } from '../../helpers/match'

/**
 * A real server on loopback sends hostile JSON answers; the real Http refuses each with a typed error before it
 * holds them in memory. Memory is bounded, not timed: growth is read from process.memoryUsage().
 */
const GB = 1024 * 1024 * 1024
const MB = 1024 * 1024
const chunk = Buffer.alloc(MB, 0x20) // spaces: valid JSON whitespace, endlessly
let bomb: Buffer
let server: Server
let base = ''
let http: Http
let jobBatch: { first: Buffer; more: Buffer }

function job(i: number) {
  return {
    id: `5f0c6a1e-1b7e-4d0f-9a57-${String(i).padStart(12, '0')}`,
    name: `Tensile tests ${i}`,
    description: 'Excel import of the week',
    type: 'ExcelImportJob',
    status: 'Succeeded',
    submitterName: 'GRANTA\\operator',
    submitterRoles: ['Administrator'],
    submissionDate: '2026-11-27T12:00:00.000Z',
    scheduledExecutionDate: null,
    executionDate: '2026-11-27T12:00:05.000Z',
    completionDate: '2026-11-27T12:01:00.000Z',
    position: i,
    inputFileIds: ['b7c8a1e2-0000-4000-8000-000000000001'],
    outputFileNames: ['import.log', 'summary.json'],
    jobSpecificOutputs: { Summary: '{"RecordsCreated":12,"RecordsUpdated":0}' }
  }
}

function jobs(n: number): string {
  return JSON.stringify({ results: Array.from({ length: n }, (_, i) => job(i)) })
}

/** A valid job list that goes on to 1 GB: the same 1,000 jobs (made once, so the server adds no garbage) again and again. */
function pumpJobs(res: ServerResponse, total: number): void {
  let sent = 0
  const next = () => {
    while (sent < total) {
      const part = sent === 0 ? jobBatch.first : jobBatch.more
      sent += part.length
      if (!res.write(part)) return void res.once('drain', next)
    }
    res.end(']}')
  }
  res.on('close', () => (sent = total))
  next()
}

beforeAll(async () => {
  // 1 GB of JSON whitespace gzipped to about 1 MB, made once, before anything is measured.
  const gz = zlib.createGzip({ level: 9 })
  const parts: Buffer[] = []
  gz.on('data', (c: Buffer) => parts.push(c))
  const done = new Promise((r) => gz.on('end', r))
  for (let i = 0; i < 1024; i++) if (!gz.write(chunk)) await new Promise((r) => gz.once('drain', r))
  gz.end()
  await done
  bomb = Buffer.concat(parts)
  const hundredThousand = zlib.gzipSync(jobs(100_000))
  const thousand = JSON.stringify(Array.from({ length: 1000 }, (_, i) => job(i))).slice(1, -1)
  jobBatch = { first: Buffer.from(`{"results":[${thousand}`), more: Buffer.from(`,${thousand}`) }

  server = createServer((req, res) => {
    const pump = (total: number) => {
      let sent = 0
      const next = () => {
        while (sent < total) {
          sent += chunk.length
          if (!res.write(chunk)) return void res.once('drain', next)
        }
        res.end()
      }
      res.on('close', () => (sent = total))
      next()
    }
    if (req.url === '/declared') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(GB) })
      pump(GB)
    } else if (req.url === '/chunked') {
      res.writeHead(200, { 'content-type': 'application/json' })
      pump(GB)
    } else if (req.url === '/chunked-jobs') {
      res.writeHead(200, { 'content-type': 'application/json' })
      pumpJobs(res, GB)
    } else if (req.url === '/refused') {
      res.writeHead(409, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(zlib.gzipSync(JSON.stringify({ message: 'The job is running and cannot be renamed now.' })))
    } else if (req.url === '/bomb') {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(bomb.length)
      })
      res.end(bomb)
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(hundredThousand)
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  http = new Http({
    authenticator: new AnonymousAuthenticator(),
    tls: { description: 'test' },
    timeoutMs: 10_000,
    origin: base
  })
}, 120_000)
afterAll(() => {
  http.close()
  server.closeAllConnections()
  server.close()
})

const any = z.unknown()
const ctx = { action: 'listing jobs' }

async function growthOf(run: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage()
  let peak = 0
  const sample = setInterval(() => {
    const m = process.memoryUsage()
    peak = Math.max(peak, m.rss - before.rss, m.heapUsed + m.external - before.heapUsed - before.external)
  }, 5)
  try {
    await run()
  } finally {
    clearInterval(sample)
  }
  const m = process.memoryUsage()
  return Math.max(peak, m.rss - before.rss, m.heapUsed + m.external - before.heapUsed - before.external)
}

describe('JSON answers are bounded, counted after decompression', () => {
  it('the bomb really is 1 GB from about 1 MB', async () => {
    expect(bomb.length).toBeLessThan(2 * MB)
    let total = 0
    const gunzip = zlib.createGunzip()
    gunzip.on('data', (c: Buffer) => (total += c.length))
    await new Promise((r) => gunzip.end(bomb, () => r(null)).on('end', r))
    expect(total).toBe(GB)
  })

  it.each([
    ['a 1 GB body with its length declared', '/declared'],
    ['a 1 GB body that gzip makes from 1 MB', '/bomb'],
    // Past 16 MB only the significant bytes of a JSON answer are kept, and whitespace has none.
    ['a 1 GB body sent chunked, no length', '/chunked']
  ])('refuses %s with a typed error, memory growth under 64 MB', async (_what, path) => {
    let error: unknown
    const growth = await growthOf(() =>
      http.json(any, { method: 'GET', url: base + path, ctx }).catch((e: unknown) => (error = e))
    )
    expect(error).toMatchObject({ code: 'ServerResponseInvalid', message: stringMatching(/larger than 128 MB/) })
    console.log(`${path}: memory growth ${(growth / MB).toFixed(1)} MB`)
    expect(growth).toBeLessThan(64 * MB)
  })

  it('refuses a valid job list sent chunked past the cap, holding at most the cap', async () => {
    let error: unknown
    const growth = await growthOf(() =>
      http.json(any, { method: 'GET', url: `${base}/chunked-jobs`, ctx }).catch((e: unknown) => (error = e))
    )
    expect(error).toMatchObject({ code: 'ServerResponseInvalid', message: stringMatching(/larger than 128 MB/) })
    console.log(`/chunked-jobs: memory growth ${(growth / MB).toFixed(1)} MB`)
    // Every byte of a valid list is significant, so it is held until the cap refuses it (never parsed): the cap,
    // plus what the sampler sees of garbage not yet collected.
    expect(growth).toBeLessThan(MAX_JSON_BYTES + 64 * MB)
  }, 60_000)

  it("keeps the server's message from a compressed error answer", async () => {
    const error = await http.json(any, { method: 'GET', url: `${base}/refused`, ctx }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'Conflict',
      message: stringContaining('The server said: The job is running and cannot be renamed now.')
    })
  })

  it('accepts 100,000 jobs, gzipped, well under the cap', async () => {
    const size = jobs(100_000).length
    console.log(`100,000 jobs: ${(size / MB).toFixed(1)} MB of JSON`)
    expect(size).toBeLessThan(MAX_JSON_BYTES)
    const body = (await http.json(z.object({ results: z.array(z.object({ id: z.string() })) }), {
      method: 'GET',
      url: `${base}/jobs`,
      ctx
    })) as { results: unknown[] }
    expect(body.results).toHaveLength(100_000)
  }, 60_000)
})
