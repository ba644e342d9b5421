import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../common/errors'
import { connect, type GrantaClient } from '../../../main/granta/index'
import { asset, fakeApi, sandbox, users, type Sandbox } from './helpers'

/*
 * With the sandbox injecting 500/503 answers and cut connections from a fixed seed, GETs must recover by
 * retrying, and POST/PATCH must reach the server exactly once per call. The sandbox counts every request
 * it receives per route, which is the proof.
 */

let sb: Sandbox
let client: GrantaClient

const count = (route: string) => sb.stats().byRoute[route] ?? 0

beforeAll(async () => {
  sb = await sandbox({ seedJobs: 40, faults: { seed: 11, error: 0.25, drop: 0.1 } })
  client = await connect(
    { url: sb.url, auth: users.admin },
    { retry: { baseDelayMs: 5, maxDelayMs: 20, limit: 6, maxTotalMs: 30_000 } }
  )
})
afterAll(async () => {
  client?.close()
  await sb?.stop()
})

describe('retries under injected faults', () => {
  it('GETs recover from 500, 503 (Retry-After) and dropped connections', async () => {
    sb.resetStats()
    const calls = 25
    for (let i = 0; i < calls; i++) {
      const list = await client.listJobs()
      expect(list.jobs.length).toBe(list.totalResultCount)
    }
    const stats = sb.stats()
    const listRoute = 'GET /v1alpha/job-queue/jobs'
    expect(stats.faults.some((f) => f.route === listRoute && f.error === 503)).toBe(true)
    expect(stats.faults.some((f) => f.route === listRoute && f.error === 500)).toBe(true)
    expect(stats.faults.some((f) => f.route === listRoute && f.drop)).toBe(true)
    // Every injected fault on the route cost one extra request, and nothing more.
    expect(count(listRoute)).toBe(
      calls + stats.faults.filter((f) => f.route === listRoute && (f.error || f.drop)).length
    )
  })

  it('never repeats a POST or a PATCH', async () => {
    sb.resetStats()
    let created = 0
    let failedUploads = 0
    let failedCreates = 0
    const attempts = 12
    for (let i = 0; i < attempts; i++) {
      try {
        await client.createJob({
          type: 'ExcelImportJob',
          name: `fault job ${i}`,
          description: null,
          combined: [{ path: asset('combined_import_file.xlsx') }]
        })
        created++
      } catch (e) {
        expect(e).toBeInstanceOf(AppError)
        if ((e as AppError).detail && ((e as AppError).detail as { step?: string }).step === 'upload') failedUploads++
        else failedCreates++
      }
    }
    const stats = sb.stats()
    expect(failedUploads + failedCreates).toBeGreaterThan(0)
    expect(created).toBeGreaterThan(0)
    // One upload per attempt, and one create per attempt whose upload worked: never a second try.
    expect(count('POST /v1alpha/job-queue/files')).toBe(attempts)
    expect(count('POST /v1alpha/job-queue/jobs')).toBe(attempts - failedUploads)
    expect(stats.faults.some((f) => f.route.startsWith('POST') && (f.error || f.drop))).toBe(true)

    const before = count('PATCH /v1alpha/job-queue/jobs/{id}')
    const { jobs } = await client.listJobs({ nameFilter: 'fault job' })
    let patches = 0
    for (const job of jobs.slice(0, 8)) {
      patches++
      await client.updateJob(job.id, { description: 'patched' }).catch(() => undefined)
    }
    expect(count('PATCH /v1alpha/job-queue/jobs/{id}') - before).toBe(patches)
  })
})

describe('retry policy', () => {
  it('honours Retry-After, stops at the retry limit and never retries POST', async () => {
    const {
      client: fake,
      seen,
      close
    } = await fakeApi((_req, res) => {
      res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain' })
      res.end('busy')
    })
    try {
      await expect(fake.getJob('x')).rejects.toMatchObject({ code: 'ServerError', detail: { status: 503 } })
      const gets = seen.filter((s) => s.method === 'GET')
      expect(gets).toHaveLength(3)
      // Retry-After: 1 means the retry waited about a second, not the 1 ms backoff configured.
      expect((gets[1]?.at ?? 0) - (gets[0]?.at ?? 0)).toBeGreaterThanOrEqual(900)
      seen.length = 0
      await expect(fake.resubmit('x')).rejects.toMatchObject({ code: 'ServerError' })
      await expect(fake.updateJob('x', { name: 'y' })).rejects.toMatchObject({ code: 'ServerError' })
      await expect(fake.cancelJob('x')).rejects.toMatchObject({ code: 'ServerError' })
      await expect(fake.moveToTop('x')).rejects.toMatchObject({ code: 'ServerError' })
      await expect(fake.deleteJobs(['x'])).rejects.toMatchObject({ code: 'ServerError' })
      expect(seen.map((s) => s.method)).toEqual(['POST', 'PATCH', 'PATCH', 'POST', 'DELETE'])
      seen.length = 0
      await expect(fake.deleteJob('x')).rejects.toMatchObject({ code: 'ServerError' })
      expect(seen.map((s) => s.method)).toEqual(['DELETE', 'DELETE', 'DELETE'])
    } finally {
      await close()
    }
  })

  it('does not wait for a Retry-After longer than allowed', async () => {
    const {
      client: fake,
      seen,
      close
    } = await fakeApi((_req, res) => {
      res.writeHead(503, { 'retry-after': '3600' })
      res.end()
    })
    try {
      await expect(fake.getJob('x')).rejects.toMatchObject({ code: 'ServerError' })
      expect(seen).toHaveLength(1)
    } finally {
      await close()
    }
  })

  it('treats a 404 on a retried single delete as done, and a first 404 as NotFound', async () => {
    const {
      client: fake,
      seen,
      close
    } = await fakeApi((req, res) => {
      const n = seen.filter((s) => s.url === req.url).length
      res.writeHead(req.url?.endsWith('/jobs/gone') ? 404 : n === 1 ? 502 : 404)
      res.end()
    })
    try {
      await fake.deleteJob('x')
      expect(seen.map((s) => s.method)).toEqual(['DELETE', 'DELETE'])
      await expect(fake.deleteJob('gone')).rejects.toMatchObject({ code: 'NotFound' })
    } finally {
      await close()
    }
  })
})
