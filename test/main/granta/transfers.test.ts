import { createWriteStream } from 'node:fs'
import { open, readFile, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '../../../common/domain'
import { AppError } from '../../../common/errors'
import type { GrantaClient } from '../../../main/granta/index'
import { retryAfterOf } from '../../../main/downloads/errors'
import { asset, connectAs, fakeApi, sandbox, tempDir, until, type Sandbox } from './helpers'

let sb: Sandbox
let client: GrantaClient
let exportJob: Job
let awkwardJob: Job
const awkwardName = 'R&D + #1 ü 50% a=b'

async function finished(id: string): Promise<Job> {
  return until(async () => {
    sb.tick()
    const job = await client.getJob(id)
    return ['Succeeded', 'Failed', 'Cancelled'].includes(job.status) ? job : undefined
  }, `job ${id}`)
}

/** A writable that keeps everything in memory, for comparing downloads. */
function sink() {
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk)
      done()
    }
  })
  return { stream, bytes: () => Buffer.concat(chunks) }
}

beforeAll(async () => {
  sb = await sandbox({ processing: { pollingIntervalMs: 20 } })
  client = await connectAs(sb, 'admin')
  const exp = await client.createJob({
    type: 'ExcelExportJob',
    name: 'export for transfers',
    description: null,
    template: { path: asset('export_template.xlsx') },
    databaseKey: 'MI_Training',
    records: [{ historyIdentity: 1 }]
  })
  const awk = await client.createJob({
    type: 'ExcelImportJob',
    name: awkwardName,
    description: null,
    combined: [{ path: asset('combined_import_file.xlsx') }]
  })
  exportJob = await finished(exp.id)
  awkwardJob = await finished(awk.id)
})
afterAll(async () => {
  client?.close()
  await sb?.stop()
})

describe('output names with awkward characters', () => {
  it('round-trip through the fileName query', async () => {
    const { names } = await client.outputNames(awkwardJob.id)
    expect(names).toContain(`${awkwardName}.log`)
    const out = sink()
    const result = await client.downloadOutput(awkwardJob.id, `${awkwardName}.log`, out.stream)
    expect(result.bytesWritten).toBeGreaterThan(0)
    expect(out.bytes().length).toBe(result.bytesWritten)
  })

  it('a name that does not exist is NotFound', async () => {
    await expect(client.downloadOutput(awkwardJob.id, 'R&D.log', sink().stream)).rejects.toMatchObject({
      code: 'NotFound'
    })
  })
})

describe('downloads', () => {
  let name: string
  let whole: Buffer
  let etag: string | undefined

  beforeAll(async () => {
    const { names } = await client.outputNames(exportJob.id)
    name = names.find((n) => !n.endsWith('.log')) ?? names[0] ?? ''
    const out = sink()
    const r = await client.downloadOutput(exportJob.id, name, out.stream)
    whole = out.bytes()
    etag = r.etag
    expect(r.status).toBe(200)
    expect(r.totalBytes).toBe(whole.length)
  })

  it('report progress up to the total', async () => {
    const seen: [number, number | null][] = []
    await client.downloadOutput(exportJob.id, name, sink().stream, { onProgress: (b, t) => seen.push([b, t]) })
    expect(seen.at(-1)).toEqual([whole.length, whole.length])
  })

  it('resume with Range and If-Range and give the same bytes', async () => {
    const half = Math.floor(whole.length / 2)
    const path = join(tempDir(), name)
    await writeFile(path, whole.subarray(0, half))
    const progress: number[] = []
    const r = await client.downloadOutput(exportJob.id, name, createWriteStream(path, { flags: 'a' }), {
      resume: { offset: half, ...(etag ? { validator: etag } : {}) },
      onProgress: (b) => progress.push(b)
    })
    expect(r).toMatchObject({
      status: 206,
      startOffset: half,
      bytesWritten: whole.length - half,
      totalBytes: whole.length
    })
    expect(progress[0]).toBeGreaterThan(half)
    expect((await readFile(path)).equals(whole)).toBe(true)
  })

  it('openOutput returns the rest of the file and its size', async () => {
    const opened = await client.openOutput(exportJob.id, name, { offset: 10, ...(etag ? { ifRange: etag } : {}) })
    expect(opened).toMatchObject({
      status: 206,
      rangeHonoured: true,
      totalBytes: whole.length,
      contentLength: whole.length - 10
    })
    const chunks: Buffer[] = []
    for await (const c of opened.stream) chunks.push(c as Buffer)
    expect(Buffer.concat(chunks).equals(whole.subarray(10))).toBe(true)
  })

  it('ask to start over when the file changed (If-Range does not match)', async () => {
    const opened = await client.openOutput(exportJob.id, name, { offset: 10, ifRange: '"not-the-etag"' })
    expect(opened).toMatchObject({ status: 200, rangeHonoured: false, totalBytes: whole.length })
    opened.stream.destroy()
    const e = await client
      .downloadOutput(exportJob.id, name, sink().stream, { resume: { offset: 10, validator: '"not-the-etag"' } })
      .catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect(e).toMatchObject({ code: 'Conflict', detail: { reason: 'RestartRequired' } })
  })

  it('say when the saved part is longer than the file', async () => {
    await expect(client.openOutput(exportJob.id, name, { offset: whole.length + 5 })).rejects.toMatchObject({
      code: 'Conflict',
      detail: { reason: 'RangeNotSatisfiable', totalBytes: whole.length }
    })
  })

  it('can be cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      client.downloadOutput(exportJob.id, name, sink().stream, { signal: controller.signal })
    ).rejects.toMatchObject({ code: 'Cancelled' })
  })
})

describe('a server that lies about Content-Length', () => {
  it('is caught: fewer bytes than announced is an error, not a finished download', async () => {
    const { client: fake, close } = await fakeApi((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '1000' })
      res.write(Buffer.alloc(400, 1))
      setTimeout(() => res.socket?.end(), 20)
    })
    try {
      const out = sink()
      const e = await fake.downloadOutput('job', 'out.xlsx', out.stream).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(AppError)
      expect(e).toMatchObject({ code: 'Network', detail: { reason: 'ShortBody', expected: 1000 } })
      expect((e as AppError).message).toMatch(/cut off/)
    } finally {
      await close()
    }
  })

  it('is caught on a resumed (206) response too', async () => {
    const { client: fake, close } = await fakeApi((_req, res) => {
      res.writeHead(206, { 'content-length': '500', 'content-range': 'bytes 100-599/600' })
      res.write(Buffer.alloc(100, 2))
      setTimeout(() => res.socket?.destroy(), 20)
    })
    try {
      await expect(
        fake.downloadOutput('job', 'out.xlsx', sink().stream, { resume: { offset: 100, validator: '"v"' } })
      ).rejects.toMatchObject({
        code: 'Network',
        detail: { reason: 'ShortBody', expected: 500 }
      })
    } finally {
      await close()
    }
  })

  it('a 206 for another range than asked is refused', async () => {
    const { client: fake, close } = await fakeApi((_req, res) => {
      res.writeHead(206, { 'content-length': '10', 'content-range': 'bytes 0-9/600' })
      res.end(Buffer.alloc(10))
    })
    try {
      await expect(fake.openOutput('job', 'x', { offset: 100 })).rejects.toMatchObject({
        code: 'ServerResponseInvalid',
        detail: { field: 'Content-Range' }
      })
    } finally {
      await close()
    }
  })
})

describe('a busy server', () => {
  it('passes its Retry-After on, so the download manager waits that long', async () => {
    const { client: fake, close } = await fakeApi((_req, res) => {
      res.writeHead(503, { 'retry-after': '7', 'content-type': 'text/plain' })
      res.end('busy')
    })
    try {
      const e = await fake.openOutput('job', 'out.xlsx').catch((x: unknown) => x)
      expect(e).toMatchObject({ code: 'ServerError', detail: { status: 503, retryAfter: '7' } })
      expect(retryAfterOf(e)).toBe(7000)
    } finally {
      await close()
    }
  })
})

describe('uploads', () => {
  it('stream a large file with progress and return the id', async () => {
    const path = join(tempDir(), 'big.bin')
    await truncate(await writeFile(path, '').then(() => path), 32 * 1024 * 1024)
    const seen: [number, number][] = []
    const id = await client.uploadFile(path, { onProgress: (b, t) => seen.push([b, t]) })
    expect(id).toMatch(/\S+/)
    expect(seen.length).toBeGreaterThan(2)
    expect(seen.at(-1)).toEqual([32 * 1024 * 1024, 32 * 1024 * 1024])
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0])
  })

  it('send one part named "file" with the base name, and read a plain-text id', async () => {
    let received = ''
    const { client: fake, close } = await fakeApi((req, res) => {
      req.setEncoding('latin1')
      req.on('data', (c: string) => (received += c))
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.end('3f2a-id')
      })
    })
    try {
      const dir = tempDir()
      const path = join(dir, 'données & co.txt')
      await writeFile(path, 'hello upload')
      expect(await fake.uploadFile(path)).toBe('3f2a-id')
      const text = Buffer.from(received, 'latin1').toString('utf8')
      expect(text).toMatch(/Content-Disposition: form-data; name="file"; filename="données & co.txt"/)
      expect(text).toContain('hello upload')
      expect(text).not.toContain(dir)
    } finally {
      await close()
    }
  })

  it('can be cancelled mid-way', async () => {
    let arrived = () => {}
    const reached = new Promise<void>((r) => (arrived = r))
    const {
      client: fake,
      seen,
      close
    } = await fakeApi((req) => {
      req.pause() // never read: the upload stalls once the socket buffers are full
      arrived()
    })
    try {
      const size = 64 * 1024 * 1024
      const path = join(tempDir(), 'stall.bin')
      const fh = await open(path, 'w')
      await fh.truncate(size)
      await fh.close()
      const controller = new AbortController()
      let sent = 0
      const p = fake.uploadFile(path, { signal: controller.signal, onProgress: (b) => (sent = b) })
      await reached
      await until(() => sent > 0, 'bytes to flow')
      controller.abort()
      await expect(p).rejects.toMatchObject({ code: 'Cancelled' })
      expect(sent).toBeLessThan(size)
      expect(seen).toHaveLength(1)
    } finally {
      await close()
    }
  })

  it('a missing file fails before anything is sent', async () => {
    await expect(client.uploadFile('/nonexistent/file.xlsx')).rejects.toMatchObject({ code: 'FileNotFound' })
  })
})
