import { mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Job, JobListFilters } from '../../../common/domain'
import type { QueueDelta } from '../../../common/queue'
import { connect, type GrantaClient } from '../../../main/granta'
import { QueueCache } from '../../../main/queue/cache'
import { QueueMonitor, type QueueClient } from '../../../main/queue/monitor'
import { startSandbox, type Sandbox } from '../../../main/sandbox'
import type { ListOrder } from '../../../main/sandbox/options'
import { testLogger } from '../../helpers/logger'
import { until } from '../../helpers/until'

const assets = resolve(import.meta.dirname, '../../../assets/sandbox')
const temp = (p: string) => mkdtempSync(join(tmpdir(), p))
const login = (sb: Sandbox, username: string) =>
  connect({ url: sb.url, auth: { kind: 'basic', username, password: `${username}-pass` }, timeoutMs: 10_000 })
const PAGE = 25

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

/** The real client, with a hook run after each list answer (to change the server between two pages). */
function hooked(client: GrantaClient, after: (f: JobListFilters, jobs: Job[]) => Promise<void> | void) {
  const pages: { filters: JobListFilters; ids: string[] }[] = []
  const wrapped: QueueClient = {
    listJobs: async (f = {}) => {
      const list = await client.listJobs(f)
      if (f.pageSize === PAGE) pages.push({ filters: f, ids: list.jobs.map((j) => j.id) })
      await after(f, list.jobs)
      return list
    },
    getJob: (id) => client.getJob(id),
    metrics: (start) => client.metrics(start)
  }
  return { pages, client: wrapped }
}

/** 60 finished synthetic jobs; jobs run only on `tick()`; the monitor polls only when the test says. */
async function setup(listOrder: ListOrder = 'oldest-first') {
  const sandbox = await startSandbox({
    port: 0,
    dataDir: temp('jq-paged-sb-'),
    seedJobs: 60,
    listOrder,
    processing: { pollingIntervalMs: 3_600_000 }
  })
  cleanups.push(() => sandbox.stop())
  const writer = await login(sandbox, 'writer')
  const admin = await login(sandbox, 'admin')
  cleanups.push(
    () => writer.close(),
    () => admin.close()
  )
  const cacheDir = temp('jq-paged-cache-')
  const jobs = new Map<string, Job>()
  const deltas: QueueDelta[] = []
  const finished: Job[] = []
  const monitor = new QueueMonitor({
    cache: new QueueCache(cacheDir, testLogger()),
    emit: (d) => {
      deltas.push(d)
      if (d.reset) jobs.clear()
      for (const j of [...d.added, ...d.changed]) jobs.set(j.id, j)
      for (const id of d.removed) jobs.delete(id)
    },
    onMyJobFinished: (j) => finished.push(j),
    fastMs: 3_600_000,
    slowMs: 3_600_000,
    fullMs: 3_600_000,
    pageSize: PAGE,
    emitGapMs: 1
  })
  cleanups.push(() => monitor.dispose())
  /** The job list queries the sandbox received since the last call, parsed. */
  let seen = 0
  const queries = () => {
    const all = sandbox.stats().listQueries
    const fresh = all.slice(seen).map((q) => Object.fromEntries(new URLSearchParams(q)))
    seen = all.length
    return fresh
  }
  const view = { jobs, deltas }
  return { sandbox, writer, admin, cacheDir, view, finished, monitor, queries }
}

function textImport(client: GrantaClient, name: string) {
  return client.createJob({
    type: 'TextImportJob',
    name,
    description: 'paged test',
    template: { path: join(assets, 'text_import_template.xml') },
    data: [{ path: join(assets, 'example_data.txt') }],
    attachments: []
  })
}

describe('QueueMonitor at scale: poll what changes, re-list rarely and by pages', () => {
  it('lists by pages at first, then each poll asks only for Pending and Running jobs', async () => {
    const { writer, monitor, queries } = await setup()
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    expect(monitor.snapshot().jobs).toHaveLength(60)
    const byPage = (qs: Record<string, string>[]) =>
      [...qs].sort((a, b) => Number(a['pageNumber']) - Number(b['pageNumber']))
    expect(byPage(queries())).toEqual([
      { pageSize: '25', pageNumber: '1' },
      { pageSize: '25', pageNumber: '2' },
      { pageSize: '25', pageNumber: '3' }
    ])
    await monitor.refresh()
    await monitor.refresh()
    const polls = queries()
    // Two polls: Pending, Running and the queue's count (one job, for `totalResultCount`) each, nothing else.
    expect(polls).toHaveLength(6)
    expect(polls.filter((q) => q['status'] === 'Pending')).toHaveLength(2)
    expect(polls.filter((q) => q['status'] === 'Running')).toHaveLength(2)
    expect(polls.filter((q) => !q['status'])).toEqual([{ pageSize: '1' }, { pageSize: '1' }])
  })

  it('shows the first page while the next one is still on its way', async () => {
    const { writer, view, monitor } = await setup()
    let release = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const { client } = hooked(writer, (f) => (f.pageNumber === 2 ? gate : undefined))
    const watching = monitor.watch({ connectionId: 'c1', username: 'writer', client })
    await until(() => view.jobs.size >= PAGE, 'the first page in the view')
    // Page 2 is held back: the view cannot hold the whole list yet.
    expect(view.jobs.size).toBeLessThan(60)
    expect(view.deltas.at(-1)?.source).toBe('server')
    expect(view.deltas.at(-1)?.listing).toEqual({ received: view.jobs.size, total: 60 })
    release()
    await watching
    await until(() => view.jobs.size === 60, 'the rest of the list')
  })

  it('merges pages by id when a job submitted between two pages shifts the next ones', async () => {
    const { writer, view, monitor } = await setup('newest-first')
    const added: Job[] = []
    const { pages, client } = hooked(writer, async (f) => {
      if (f.pageNumber !== 1 || added.length > 0) return
      for (let i = 0; i < 3; i++) added.push(await textImport(writer, `Submitted between pages ${i}`))
    })
    await monitor.watch({ connectionId: 'c1', username: 'writer', client })
    // The three new jobs pushed the last three of page 1 onto page 2: the same jobs came twice.
    const first = new Set(pages[0]?.ids)
    expect(pages[1]?.ids.filter((id) => first.has(id))).toHaveLength(3)
    const held = monitor.snapshot().jobs
    expect(held).toHaveLength(60)
    expect(new Set(held.map((j) => j.id)).size).toBe(60)
    // The new jobs were on a page already read; they are Pending, so the next poll brings them.
    await monitor.refresh()
    await until(() => view.jobs.size === 63, 'the jobs submitted during the pass')
    expect(added.every((j) => view.jobs.get(j.id)?.status === 'Pending')).toBe(true)
  })

  it('keeps a job that slid between two pages when one was deleted during the pass', async () => {
    const { writer, admin, view, monitor } = await setup()
    let doomed: string | undefined
    let passes = 0
    const { pages, client } = hooked(writer, async (f, jobs) => {
      if (f.pageNumber === 1) passes++
      if (f.pageNumber !== 1 || passes !== 2) return
      doomed = jobs[0]?.id
      await admin.deleteJob(doomed as string)
    })
    await monitor.watch({ connectionId: 'c1', username: 'writer', client })
    await monitor.relist()
    // Three pages at first, three in the pass during which a job was deleted.
    expect(pages).toHaveLength(6)
    // The first job of page 2 moved onto page 1 after it was read: no page of that pass listed it.
    const listed = new Set(pages.slice(3).flatMap((p) => p.ids))
    const slid = (await writer.listJobs()).jobs.find((j) => !listed.has(j.id))
    expect(slid).toBeDefined()
    expect(view.jobs.has(slid?.id as string)).toBe(true)
    expect(monitor.snapshot().jobs).toHaveLength(60)
    // The next pass sees the whole list again: the deleted job is gone, nothing else is.
    await monitor.relist()
    expect(view.jobs.has(doomed as string)).toBe(false)
    expect(monitor.snapshot().jobs).toHaveLength(59)
  })

  it('takes the first answer as the whole list from a server that does not page', async () => {
    const { writer, monitor } = await setup()
    const asked: JobListFilters[] = []
    const unpaged: QueueClient = {
      listJobs: ({ pageSize: _size, pageNumber: _number, ...f } = {}) => (asked.push(f), writer.listJobs(f)),
      getJob: (id) => writer.getJob(id),
      metrics: (start) => writer.metrics(start)
    }
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: unpaged })
    expect(asked).toEqual([{}])
    expect(monitor.snapshot().jobs).toHaveLength(60)
  })

  it('shows the final status of a job that finished between two polls', async () => {
    const { sandbox, writer, view, finished, monitor } = await setup()
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    const job = await textImport(writer, 'Finishes between polls')
    await monitor.refresh()
    expect(monitor.job(job.id)?.status).toBe('Pending')
    sandbox.tick()
    await sandbox.idle()
    const reads = () => sandbox.stats().byRoute['GET /v1alpha/job-queue/jobs/{id}'] ?? 0
    const before = reads()
    await monitor.refresh()
    // In neither list any more: read once by id.
    expect(reads() - before).toBe(1)
    await until(() => view.jobs.get(job.id)?.status === 'Succeeded', 'the final status')
    expect(finished.map((j) => j.id)).toEqual([job.id])
  })

  it('drops a job deleted on the server at the next full pass', async () => {
    const { admin, writer, view, monitor } = await setup()
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    const victim = [...view.jobs.values()][10] as Job
    await admin.deleteJob(victim.id)
    await monitor.refresh()
    // A poll asks only for what runs: a finished job deleted by someone else waits for the next pass.
    expect(view.jobs.has(victim.id)).toBe(true)
    await monitor.relist()
    await until(() => !view.jobs.has(victim.id), 'the deleted job to go')
    expect(view.jobs.size).toBe(59)
    expect(monitor.snapshot().error).toBeNull()
  })

  it('writes the whole list once, then only the changes, and reads both back offline', async () => {
    const { sandbox, writer, cacheDir, monitor } = await setup()
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    const whole = join(cacheDir, 'c1.json')
    const wholeWritten = statSync(whole).mtimeMs
    const parts = readdirSync(cacheDir).filter((n) => n.startsWith('c1.part-'))
    expect(parts).toHaveLength(1)
    const job = await textImport(writer, 'Cached as a change')
    await monitor.refresh()
    sandbox.tick()
    await sandbox.idle()
    await monitor.refresh()
    expect(statSync(whole).mtimeMs).toBe(wholeWritten)
    expect(readdirSync(cacheDir).sort()).toEqual(['c1.changes.json', 'c1.json', ...parts])
    const later = new QueueMonitor({ cache: new QueueCache(cacheDir, testLogger()), emit: () => {} })
    cleanups.push(() => later.dispose())
    await later.showCache('c1')
    const snap = later.snapshot()
    expect(snap.jobs).toHaveLength(61)
    expect(snap.jobs.find((j) => j.id === job.id)?.status).toBe('Succeeded')
  })
})
