import { afterEach, describe, expect, it } from 'vitest'
import { mediansFromJobs } from '../../../main/queue/run-time-medians'
import { estimateStarts } from '../../../main/queue/start-estimates'
import { connectAs } from '../granta/helpers'
import { createJob, getJob, openSandbox, textImportBody, type TestSandbox } from '../sandbox/helpers/sandbox-fixture'

let t: TestSandbox | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})
const RUN_MS = 1_500

describe('start estimates against the sandbox', () => {
  it('a fixed run time per type keeps each job of that type Running that long', async () => {
    t = await openSandbox({
      processing: { concurrency: 1, pollingIntervalMs: 3_600_000, runTimeMs: { TextImportJob: RUN_MS } }
    })
    const job = await createJob(t, 'writer', await textImportBody(t, 'writer', 'timed'))
    t.sandbox.tick()
    await t.sandbox.idle()
    const done = await getJob(t, job.id)
    expect(Date.parse(done.completionDate ?? '') - Date.parse(done.executionDate ?? '')).toBeGreaterThanOrEqual(RUN_MS)
  })

  it('with concurrency 2 and known run times, pending jobs start as the slots free, in position order', async () => {
    t = await openSandbox({
      processing: { concurrency: 2, pollingIntervalMs: 3_600_000, runTimeMs: { TextImportJob: RUN_MS } }
    })
    const s = t
    // Two earlier runs give the median; then two run and three wait.
    for (const name of ['h1', 'h2']) await createJob(s, 'writer', await textImportBody(s, 'writer', name))
    s.sandbox.tick()
    await s.sandbox.idle()
    for (const name of ['r1', 'r2', 'p1', 'p2', 'p3'])
      await createJob(s, 'writer', await textImportBody(s, 'writer', name))
    expect(s.sandbox.tick()).toHaveLength(2)
    const client = await connectAs(s.sandbox, 'reader')
    try {
      const { concurrency } = await client.processingConfiguration()
      expect(concurrency).toBe(2)
      const { jobs } = await client.listJobs()
      const now = new Date()
      const medians = mediansFromJobs(() => jobs)
      const median = medians.medianRunMs('TextImportJob')
      expect(median).toBeGreaterThanOrEqual(RUN_MS)
      const byName = new Map(jobs.map((j) => [j.name, j]))
      const started = (name: string) => Date.parse(byName.get(name)?.executionDate ?? '')
      const slots = [started('r1'), started('r2')].map((s) => Math.max(now.getTime(), s + (median ?? 0)))
      const [first, second] = slots.sort((a, b) => a - b) as [number, number]
      const estimates = estimateStarts(jobs, concurrency, medians, now)
      const named = estimates.map((e) => [jobs.find((j) => j.id === e.jobId)?.name, e.startAt, e.ahead])
      expect(named).toEqual([
        ['p1', new Date(first).toISOString(), 2],
        ['p2', new Date(second).toISOString(), 3],
        ['p3', new Date(first + (median ?? 0)).toISOString(), 4]
      ])
      // And the server agrees: p1 and p2 start once r1 and r2 are done, p3 after one of them.
      await s.sandbox.idle()
      expect(s.sandbox.tick()).toEqual([byName.get('p1')?.id, byName.get('p2')?.id])
    } finally {
      client.close()
    }
  })
})
