import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJob, getJob, openSandbox, textImportBody, type TestSandbox } from './helpers/sandbox-fixture'

let t: TestSandbox
let id: string
let fileName: string
let full: Buffer

beforeAll(async () => {
  t = await openSandbox()
  const job = await createJob(t, 'writer', await textImportBody(t, 'writer', 'Odd name & #1 + more'))
  t.sandbox.tick()
  await t.sandbox.idle()
  const done = await getJob(t, job.id)
  id = done.id
  fileName = done.outputFileNames[0] ?? ''
  full = await readFile(`${t.dataDir}/jobs/${id}/outputs/${fileName}`)
})
afterAll(() => t.close())

const download = (headers: Record<string, string> = {}, name = fileName) =>
  t.as('reader').get(`jobs/${id}/outputs:export`, { searchParams: { fileName: name }, headers, responseType: 'buffer' })

describe('sandbox: output downloads', () => {
  it('names the log after the job and streams it with Content-Length, a strong ETag and Last-Modified', async () => {
    expect(fileName).toBe('Odd name & #1 + more.log')
    const res = await download()
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/octet-stream')
    expect(res.headers['content-length']).toBe(String(full.length))
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{64}"$/)
    expect(res.headers['last-modified']).toMatch(/GMT$/)
    expect(res.headers['accept-ranges']).toBe('bytes')
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''Odd%20name%20%26%20%231%20%2B%20more.log")
    expect(res.body.equals(full)).toBe(true)
    expect(full.toString()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO /)
  })

  it('answers a byte range with 206 and Content-Range, including open and suffix ranges', async () => {
    const mid = await download({ range: 'bytes=5-14' })
    expect(mid.statusCode).toBe(206)
    expect(mid.headers['content-range']).toBe(`bytes 5-14/${full.length}`)
    expect(mid.headers['content-length']).toBe('10')
    expect(mid.body.equals(full.subarray(5, 15))).toBe(true)
    const tail = await download({ range: 'bytes=-7' })
    expect(tail.statusCode).toBe(206)
    expect(tail.body.equals(full.subarray(full.length - 7))).toBe(true)
    const open = await download({ range: `bytes=${full.length - 3}-` })
    expect(open.body.equals(full.subarray(full.length - 3))).toBe(true)
  })

  it('resumes with If-Range: 206 when the validator matches, 200 with the whole file when it changed', async () => {
    const first = await download()
    const etag = String(first.headers.etag)
    const lastModified = String(first.headers['last-modified'])
    const half = Math.floor(full.length / 2)
    const rest = await download({ range: `bytes=${half}-`, 'if-range': etag })
    expect(rest.statusCode).toBe(206)
    expect(Buffer.concat([full.subarray(0, half), rest.body]).equals(full)).toBe(true)
    expect((await download({ range: `bytes=${half}-`, 'if-range': lastModified })).statusCode).toBe(206)
    for (const stale of ['"0000"', `W/${etag}`, 'Thu, 01 Jan 2015 00:00:00 GMT']) {
      const res = await download({ range: `bytes=${half}-`, 'if-range': stale })
      expect(res.statusCode, stale).toBe(200)
      expect(res.body.equals(full)).toBe(true)
    }
  })

  it('answers 416 with bytes */size for a range past the end', async () => {
    const res = await download({ range: `bytes=${full.length + 10}-` })
    expect(res.statusCode).toBe(416)
    expect(res.headers['content-range']).toBe(`bytes */${full.length}`)
  })

  it('answers 404 for a file the job does not have', async () => {
    expect((await download({}, 'other.log')).statusCode).toBe(404)
    expect((await download({}, '../jobs.json')).statusCode).toBe(404)
  })
})
