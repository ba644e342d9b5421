import { request } from 'node:http'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from '../../../main/granta'
import { chooseEncoding } from '../../../main/sandbox/compression'
import { openSandbox, type TestSandbox } from './helpers/sandbox-fixture'

interface Raw {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** A GET as bytes on the wire: nothing decoded, so the test sees what the server sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { authorization: `Basic ${btoa('reader:reader-pass')}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end()
  })
}

let t: TestSandbox
beforeAll(async () => {
  t = await openSandbox({ seedJobs: 300 })
})
afterAll(() => t.close())

describe('sandbox: JSON compressed when asked, as IIS does with dynamic compression', () => {
  const jobs = (): string => `${t.sandbox.url}/proxy/v1.svc/mi/v1alpha/job-queue/jobs`

  it('sends br or gzip when asked, identity when not, and the same JSON every way', async () => {
    const plain = await rawGet(jobs(), {})
    expect(plain.status).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    const brotli = await rawGet(jobs(), { 'accept-encoding': 'gzip, deflate, br' })
    expect(brotli.headers['content-encoding']).toBe('br')
    expect(brotli.headers.vary).toContain('Accept-Encoding')
    const gzipped = await rawGet(jobs(), { 'accept-encoding': 'gzip' })
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    const fromBr = JSON.parse(zlib.brotliDecompressSync(brotli.body).toString()) as { results: unknown[] }
    const fromGzip = JSON.parse(zlib.gunzipSync(gzipped.body).toString()) as { results: unknown[] }
    const fromPlain = JSON.parse(plain.body.toString()) as { results: unknown[] }
    expect(fromPlain.results).toHaveLength(300)
    expect(fromBr).toEqual(fromPlain)
    expect(fromGzip).toEqual(fromPlain)
    // A job list compresses well: a tenth of the bytes or less.
    expect(brotli.body.length).toBeLessThan(plain.body.length / 10)
    expect(Number(brotli.headers['content-length'])).toBe(brotli.body.length)
  })

  it('never compresses a file download or a small answer', async () => {
    const list = JSON.parse((await rawGet(jobs(), {})).body.toString()) as {
      results: { id: string; outputFileNames?: string[] }[]
    }
    const job = list.results.find((j) => (j.outputFileNames ?? []).length > 0)
    if (!job) throw new Error('no seeded job with outputs')
    const file = encodeURIComponent(job.outputFileNames?.[0] ?? '')
    const output = await rawGet(`${jobs()}/${job.id}/outputs?fileName=${file}`, { 'accept-encoding': 'br' })
    expect(output.status).toBe(200)
    expect(output.headers['content-encoding']).toBeUndefined()
    const version = await rawGet(`${t.sandbox.url}/proxy/v1.svc/mi/v1alpha/schema/mi-version`, {
      'accept-encoding': 'br'
    })
    expect(version.status).toBe(200)
    expect(version.headers['content-encoding']).toBeUndefined()
  })

  it('the app reads compressed lists: every job, as from an uncompressed server', async () => {
    const client = await connect({
      url: t.sandbox.url,
      auth: { kind: 'basic', username: 'reader', password: 'reader-pass' }
    })
    try {
      const list = await client.listJobs()
      expect(list.jobs).toHaveLength(300)
    } finally {
      client.close()
    }
  })

  it('picks br before gzip, honours q=0 and *', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br')
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip')
    expect(chooseEncoding('identity')).toBeNull()
    expect(chooseEncoding('*')).toBe('br')
    expect(chooseEncoding('*, br;q=0')).toBe('gzip')
    expect(chooseEncoding(undefined)).toBeNull()
  })
})
