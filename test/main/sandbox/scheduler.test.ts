import { afterEach, describe, expect, it } from 'vitest'
import {
  createJob,
  getJob,
  json,
  openSandbox,
  textImportBody,
  waitFinished,
  type GsaJobBody,
  type TestSandbox
} from './helpers/sandbox-fixture'
import { until } from '../../helpers/until'

let t: TestSandbox | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

type Page = { totalResultCount: number; results: GsaJobBody[] }
const positions = async (s: TestSandbox): Promise<Record<string, number | null>> => {
  const page = json<Page>(await s.as('reader').get('jobs'))
  return Object.fromEntries(page.results.map((j) => [j.name, j.position]))
}

describe('sandbox: scheduler', () => {
  it('keeps positions dense across create, move-to-top, delete and start, and runs jobs in position order', async () => {
    t = await openSandbox({ processing: { concurrency: 1, pollingIntervalMs: 3_600_000 } })
    const s = t
    const jobs: GsaJobBody[] = []
    for (const name of ['A', 'B', 'C', 'D'])
      jobs.push(await createJob(s, 'writer', await textImportBody(s, 'writer', name)))
    const [a, b, c, d] = jobs as [GsaJobBody, GsaJobBody, GsaJobBody, GsaJobBody]
    expect(await positions(s)).toEqual({ A: 1, B: 2, C: 3, D: 4 })

    expect((await s.as('admin').post(`jobs/${c.id}:move-to-top`)).statusCode).toBe(200)
    expect(await positions(s)).toEqual({ C: 1, A: 2, B: 3, D: 4 })

    expect((await s.as('writer').delete(`jobs/${a.id}`)).statusCode).toBe(200)
    expect(await positions(s)).toEqual({ C: 1, B: 2, D: 3 })

    expect(s.sandbox.tick()).toEqual([c.id])
    const running = await getJob(s, c.id)
    expect(running.status).toBe('Running')
    expect(running.position).toBe(0)
    expect(await positions(s)).toMatchObject({ B: 1, D: 2 })
    expect(s.sandbox.tick()).toEqual([]) // concurrency 1
    await s.sandbox.idle()
    expect((await getJob(s, c.id)).status).toBe('Succeeded')
    expect((await getJob(s, c.id)).position).toBeNull()

    expect(s.sandbox.tick()).toEqual([b.id])
    await s.sandbox.idle()
    expect(s.sandbox.tick()).toEqual([d.id])
    await s.sandbox.idle()
    const done = await getJob(s, d.id)
    expect(done).toMatchObject({ status: 'Succeeded', position: null })
    expect(Date.parse(done.executionDate ?? '')).toBeLessThanOrEqual(Date.parse(done.completionDate ?? ''))
  })

  it('runs up to `concurrency` jobs at once', async () => {
    t = await openSandbox({ processing: { concurrency: 2, pollingIntervalMs: 3_600_000 } })
    for (const name of ['A', 'B', 'C']) await createJob(t, 'writer', await textImportBody(t, 'writer', name))
    expect(t.sandbox.tick()).toHaveLength(2)
    await t.sandbox.idle()
  })

  it('holds a job with a future scheduledExecutionDate and lets later jobs pass it', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z')
    t = await openSandbox({ clock: () => new Date(now), processing: { pollingIntervalMs: 3_600_000 } })
    const later = await createJob(t, 'writer', {
      ...(await textImportBody(t, 'writer', 'later')),
      scheduledExecutionDate: '2030-01-01T01:00:00Z'
    })
    const soon = await createJob(t, 'writer', await textImportBody(t, 'writer', 'soon'))
    expect(t.sandbox.tick()).toEqual([soon.id])
    await t.sandbox.idle()
    expect(t.sandbox.tick()).toEqual([])
    expect((await getJob(t, later.id)).status).toBe('Pending')
    now = Date.parse('2030-01-01T01:00:00Z')
    expect(t.sandbox.tick()).toEqual([later.id])
    await t.sandbox.idle()
  })

  it('starts jobs by itself at the polling interval', async () => {
    t = await openSandbox({ processing: { pollingIntervalMs: 20 } })
    const job = await createJob(t, 'writer', await textImportBody(t, 'writer'))
    expect((await waitFinished(t, job.id)).status).toBe('Succeeded')
  })

  it('cancels a Pending job with PATCH status Cancelled, and refuses to cancel a finished one (409)', async () => {
    t = await openSandbox()
    const a = await createJob(t, 'writer', await textImportBody(t, 'writer', 'A'))
    const b = await createJob(t, 'writer', await textImportBody(t, 'writer', 'B'))
    const res = await t.as('writer').patch(`jobs/${a.id}`, { json: { status: 'Cancelled' } })
    expect(res.statusCode).toBe(200)
    expect(json<GsaJobBody>(res)).toMatchObject({ status: 'Cancelled', position: null })
    expect(json<GsaJobBody>(res).completionDate).not.toBeNull()
    expect((await getJob(t, b.id)).position).toBe(1)
    expect(t.sandbox.tick()).toEqual([b.id])
    await t.sandbox.idle()
    expect((await t.as('writer').patch(`jobs/${b.id}`, { json: { status: 'Cancelled' } })).statusCode).toBe(409)
    expect((await t.as('admin').post(`jobs/${b.id}:move-to-top`)).statusCode).toBe(409)
  })

  it('resubmits a finished job as a new Pending job with the same inputs and its definition', async () => {
    t = await openSandbox()
    const body = await textImportBody(t, 'writer', 'Original')
    const job = await createJob(t, 'writer', body)
    expect((await t.as('writer').post(`jobs/${job.id}:resubmit`, { json: {} })).statusCode).toBe(409) // still Pending
    t.sandbox.tick()
    await t.sandbox.idle()
    const first = await getJob(t, job.id)
    const res = await t.as('admin').post(`jobs/${job.id}:resubmit`, { json: { name: 'Again' } })
    expect(res.statusCode).toBe(200)
    const again = json<GsaJobBody>(res)
    expect(again).toMatchObject({
      name: 'Again',
      status: 'Pending',
      position: 1,
      submitterName: 'admin',
      type: 'TextImportJob'
    })
    expect(again.id).not.toBe(job.id)
    const def = json<Record<string, unknown>>(await t.as('reader').get(`jobs/${again.id}:retrieve-definition`))
    expect(def).toMatchObject({
      name: 'Again',
      type: 'TextImportJob',
      parameters: body.parameters,
      inputFileIds: body.inputFileIds
    })
    t.sandbox.tick()
    await t.sandbox.idle()
    const second = await getJob(t, again.id)
    expect(second.status).toBe('Succeeded')
    expect(second.jobSpecificOutputs).toHaveProperty('summary')
    // The same inputs give the same import: 4 records, now updated instead of created.
    expect(JSON.parse(first.jobSpecificOutputs.summary ?? '{}')).toMatchObject({ NumberOfRecordsCreated: 4 })
    expect(JSON.parse(second.jobSpecificOutputs.summary ?? '{}')).toMatchObject({ NumberOfRecordsUpdated: 4 })
  })

  it('purges finished jobs older than the purge age, by itself at the purge interval', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z')
    t = await openSandbox({
      clock: () => new Date(now),
      processing: { pollingIntervalMs: 3_600_000, purgeAgeMs: 60_000, purgeIntervalMs: 20 }
    })
    const old = await createJob(t, 'writer', await textImportBody(t, 'writer', 'old'))
    const waiting = await createJob(t, 'writer', await textImportBody(t, 'writer', 'waiting'))
    t.sandbox.tick()
    await t.sandbox.idle()
    expect((await getJob(t, old.id)).status).toBe('Succeeded')
    now += 61_000
    const sb = t
    await until(
      async () => (await sb.as('reader').get(`jobs/${old.id}`)).statusCode === 404,
      'the old job to be purged'
    )
    expect((await getJob(t, waiting.id)).status).toBe('Pending') // pending jobs are never purged
    expect(await t.sandbox.purge()).toBe(0)
  })
})
