import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Job, JobList, JobListFilters } from '../../../common/domain'
import { connect, type GrantaClient } from '../../../main/granta'
import { QueueCache } from '../../../main/queue/cache'
import { QueueMonitor, type QueueClient } from '../../../main/queue/monitor'
import { startSandbox, type Sandbox } from '../../../main/sandbox'
import { ManualClock } from '../../helpers/manual-clock'
import { until } from '../../helpers/until'
import { testLogger } from '../../helpers/logger'

const assets = resolve(import.meta.dirname, '../../../assets/sandbox')
const temp = (p: string) => mkdtempSync(join(tmpdir(), p))
const login = (sb: Sandbox, username: string) =>
  connect({ url: sb.url, auth: { kind: 'basic', username, password: `${username}-pass` }, timeoutMs: 10_000 })

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

/** The real client, passed through; it keeps every list request, and can lose jobs from a page as a moving queue does. */
function recording(client: GrantaClient) {
  const lists: JobListFilters[] = []
  let drop: ((f: JobListFilters, list: JobList) => JobList) | null = null
  const wrapped: QueueClient = {
    listJobs: async (f = {}) => {
      lists.push(f)
      const list = await client.listJobs(f)
      return drop ? drop(f, list) : list
    },
    getJob: (id) => client.getJob(id),
    metrics: (start) => client.metrics(start)
  }
  return { lists, client: wrapped, losePages: (fn: typeof drop) => (drop = fn) }
}

/**
 * 60 finished jobs, a monitor that calls a queue of 20 large and reads pages of 7, polling only when the
 * test says; its clock moves only when the test moves it.
 */
async function setup() {
  const sandbox = await startSandbox({
    port: 0,
    dataDir: temp('jq-large-sb-'),
    seedJobs: 60,
    processing: { pollingIntervalMs: 3_600_000 }
  })
  cleanups.push(() => sandbox.stop())
  const admin = await login(sandbox, 'admin')
  const writer = await login(sandbox, 'writer')
  cleanups.push(
    () => admin.close(),
    () => writer.close()
  )
  const clock = new ManualClock()
  const seen: Job[] = []
  const monitor = new QueueMonitor({
    cache: new QueueCache(temp('jq-large-cache-'), testLogger()),
    emit: () => {},
    onJobsSeen: (_c, jobs) => seen.push(...jobs),
    fastMs: 3_600_000,
    slowMs: 3_600_000,
    clock,
    listing: { largeAt: 20, pageSize: 7, minFullGapMs: 60_000, fullEveryMs: 300_000 }
  })
  cleanups.push(() => monitor.dispose())
  const recorder = recording(admin)
  await monitor.watch({ connectionId: 'c1', username: 'admin', client: recorder.client })
  return { sandbox, admin, writer, clock, monitor, seen, ...recorder }
}

function textImport(client: GrantaClient, name: string) {
  return client.createJob({
    type: 'TextImportJob',
    name,
    description: null,
    template: { path: join(assets, 'text_import_template.xml') },
    data: [{ path: join(assets, 'example_data.txt') }],
    attachments: []
  })
}

/** Runs the queue's next job and waits until the server says it ended. */
async function runOnServer(sandbox: Sandbox, client: GrantaClient, id: string): Promise<void> {
  sandbox.tick()
  await until(async () => (await client.getJob(id)).status === 'Succeeded', 'the job to succeed on the server')
}

const held = (monitor: QueueMonitor) => new Map(monitor.snapshot().jobs.map((j) => [j.id, j]))
const unfiltered = (f: JobListFilters) => !f.status && !f.jobType && !f.submitterNameFilter
const fullLists = (lists: JobListFilters[]) => lists.filter((f) => unfiltered(f) && f.pageSize !== 1)

describe('QueueMonitor on a large queue', () => {
  it('lists it once by pages, then asks only for the unfinished jobs and the count of each finished status', async () => {
    const { monitor, lists, admin, seen } = await setup()
    expect(held(monitor).size).toBe(60)
    expect(fullLists(lists).map((f) => f.pageNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(fullLists(lists).every((f) => f.pageSize === 7)).toBe(true)
    expect(new Set(seen.map((j) => j.id)).size).toBe(60)
    lists.length = 0
    await monitor.refresh()
    expect(fullLists(lists)).toEqual([])
    expect(lists.filter((f) => f.pageSize !== 1).map((f) => f.status)).toEqual(['Pending', 'Running'])
    expect(lists.filter((f) => f.pageSize === 1).map((f) => f.status)).toEqual(['Succeeded', 'Failed', 'Cancelled'])
    expect(held(monitor).size).toBe(60)
    const all = (await admin.listJobs()).jobs
    expect(monitor.snapshot().counts?.total).toBe(all.length)
  })

  it('shows a new job at the next poll and its end once it leaves the unfinished lists, without a full list', async () => {
    const { monitor, lists, writer, sandbox } = await setup()
    const job = await textImport(writer, 'seen while pending')
    lists.length = 0
    await monitor.refresh()
    expect(held(monitor).get(job.id)?.status).toBe('Pending')
    await runOnServer(sandbox, writer, job.id)
    await monitor.refresh()
    expect(held(monitor).get(job.id)?.status).toBe('Succeeded')
    expect(fullLists(lists)).toEqual([])
    expect(held(monitor).size).toBe(61)
  })

  it('a job that came and went between two polls shows after the next full list, within a minute', async () => {
    const { monitor, lists, writer, sandbox, clock } = await setup()
    const job = await textImport(writer, 'came and went')
    await runOnServer(sandbox, writer, job.id)
    lists.length = 0
    await monitor.refresh()
    // Its count told the monitor it is out of step; the full list waits for the minimum gap.
    expect(held(monitor).has(job.id)).toBe(false)
    clock.advance(60_000)
    await monitor.refresh()
    expect(held(monitor).get(job.id)?.status).toBe('Succeeded')
    expect(fullLists(lists).length).toBeGreaterThan(0)
  })

  it('drops a job purged or deleted elsewhere at the next full list, and one deleted here at once', async () => {
    const { monitor, admin, clock } = await setup()
    const [first, second] = [...held(monitor).keys()]
    await admin.deleteJob(first as string)
    await admin.deleteJob(second as string)
    monitor.forget([second as string])
    expect(held(monitor).has(second as string)).toBe(false)
    expect(held(monitor).has(first as string)).toBe(true)
    clock.advance(60_000)
    await monitor.refresh() // counts disagree: out of step
    clock.advance(60_000)
    await monitor.refresh()
    expect(held(monitor).has(first as string)).toBe(false)
    expect(held(monitor).size).toBe(58)
  })

  it('keeps the held jobs a full list missed when jobs moved between its pages', async () => {
    const { monitor, losePages, clock } = await setup()
    const lost = [...held(monitor).keys()][10] as string
    losePages((f, list) => (f.pageSize === 7 ? { ...list, jobs: list.jobs.filter((j) => j.id !== lost) } : list))
    clock.advance(300_000)
    await monitor.refresh()
    expect(held(monitor).has(lost)).toBe(true)
    expect(held(monitor).size).toBe(60)
  })

  it('reads the jobs an action touched, so a rename of a finished job shows at the next poll', async () => {
    const { monitor, admin, lists } = await setup()
    const id = [...held(monitor).keys()][3] as string
    await admin.updateJob(id, { name: 'renamed here' })
    monitor.touch([id])
    lists.length = 0
    await monitor.refresh()
    expect(held(monitor).get(id)?.name).toBe('renamed here')
    expect(fullLists(lists)).toEqual([])
  })
})
