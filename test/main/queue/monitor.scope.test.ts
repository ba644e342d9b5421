import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Job, JobListFilters } from '../../../common/domain'
import { queueScopeSchema, type QueueDelta, type QueueScope } from '../../../common/queue'
import { connect, type GrantaClient } from '../../../main/granta'
import { QueueCache } from '../../../main/queue/cache'
import { QueueMonitor, type QueueClient } from '../../../main/queue/monitor'
import { startSandbox, type Sandbox } from '../../../main/sandbox'
import { JsonFile } from '../../../main/store/json-file'
import { until } from '../../helpers/until'
import { testLogger } from '../../helpers/logger'

const assets = resolve(import.meta.dirname, '../../../assets/sandbox')
const temp = (p: string) => mkdtempSync(join(tmpdir(), p))
const login = (sb: Sandbox, username: string) =>
  connect({ url: sb.url, auth: { kind: 'basic', username, password: `${username}-pass` }, timeoutMs: 10_000 })

/** The renderer's copy: applies deltas exactly as the queue store does. */
function mirror() {
  const jobs = new Map<string, Job>()
  const deltas: QueueDelta[] = []
  return {
    jobs,
    deltas,
    apply: (d: QueueDelta) => {
      deltas.push(d)
      if (d.reset) jobs.clear()
      for (const j of [...d.added, ...d.changed]) jobs.set(j.id, j)
      for (const id of d.removed) jobs.delete(id)
    }
  }
}

/** The real client, passed through; it keeps the filters of every list request the monitor makes (paging apart). */
function recording(client: GrantaClient) {
  const lists: JobListFilters[] = []
  const wrapped: QueueClient = {
    listJobs: (f) => {
      const { pageSize: _size, pageNumber: _number, ...filters } = f ?? {}
      lists.push(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)))
      return client.listJobs(f)
    },
    getJob: (id) => client.getJob(id),
    metrics: (start) => client.metrics(start)
  }
  return { lists, client: wrapped }
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

/**
 * A sandbox with 60 finished synthetic jobs (three types, submitters admin, writer, jane.doe, sam.lee) that runs
 * jobs only on `tick()`, and a monitor that polls only when the test says (refresh or scope change).
 */
async function setup(poll: { fastMs?: number; slowMs?: number } = {}) {
  const sandbox = await startSandbox({
    port: 0,
    dataDir: temp('jq-scope-sb-'),
    seedJobs: 60,
    processing: { pollingIntervalMs: 3_600_000 }
  })
  cleanups.push(() => sandbox.stop())
  const writer = await login(sandbox, 'writer')
  const admin = await login(sandbox, 'admin')
  cleanups.push(
    () => writer.close(),
    () => admin.close()
  )
  const cacheDir = temp('jq-scope-cache-')
  const view = mirror()
  const finished: Job[] = []
  const monitor = new QueueMonitor({
    cache: new QueueCache(cacheDir, testLogger()),
    emit: view.apply,
    onMyJobFinished: (j) => finished.push(j),
    fastMs: poll.fastMs ?? 3_600_000,
    slowMs: poll.slowMs ?? 3_600_000,
    emitGapMs: 1
  })
  cleanups.push(() => monitor.dispose())
  const listCalls = () => sandbox.stats().byRoute['GET /v1alpha/job-queue/jobs'] ?? 0
  const metricsCalls = () => sandbox.stats().byRoute['GET /v1alpha/metrics/jobs'] ?? 0
  return { sandbox, writer, admin, cacheDir, view, finished, monitor, listCalls, metricsCalls }
}

function textImport(client: GrantaClient, name: string, description: string | null = 'scope test') {
  return client.createJob({
    type: 'TextImportJob',
    name,
    description,
    template: { path: join(assets, 'text_import_template.xml') },
    data: [{ path: join(assets, 'example_data.txt') }],
    attachments: []
  })
}

const ids = (jobs: readonly Job[]) => jobs.map((j) => j.id).sort()

describe('QueueMonitor scope: the server-side part of the view filter', () => {
  it('lists only the scope, with the server filtering it; counts stay those of the metrics endpoint', async () => {
    const { admin, monitor, listCalls, metricsCalls } = await setup()
    const { lists, client } = recording(admin)
    await monitor.watch({ connectionId: 'c1', username: 'admin', client })
    const whole = monitor.snapshot()
    expect(whole.jobs).toHaveLength(60)
    expect(whole.scope).toEqual({})
    expect(lists).toEqual([{}])
    expect(metricsCalls()).toBe(0) // the whole list gives the counts itself
    const metrics = await admin.metrics('1970-01-01T00:00:00Z')
    const byStatus = (s: string) => metrics.jobs.filter((j) => j.status === s).length
    const expectedCounts = {
      Pending: byStatus('Pending'),
      Running: byStatus('Running'),
      Succeeded: byStatus('Succeeded'),
      Failed: byStatus('Failed'),
      Cancelled: byStatus('Cancelled'),
      total: metrics.jobs.length
    }
    expect(whole.counts).toEqual(expectedCounts)

    const lists0 = listCalls()
    const metrics0 = metricsCalls()
    const scope: QueueScope = { jobType: 'ExcelExportJob', status: 'Succeeded', submitterName: 'jane.doe' }
    await monitor.setScope(scope)
    // One list for the scope, two small ones for admin's unfinished jobs (the scope leaves admin's out), one metrics.
    expect(listCalls() - lists0).toBe(3)
    expect(metricsCalls() - metrics0).toBe(1)
    const scoped = monitor.snapshot()
    const expected = (await admin.listJobs()).jobs.filter(
      (j) => j.type === 'ExcelExportJob' && j.status === 'Succeeded' && j.submitterName === 'jane.doe'
    )
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(60)
    // The monitor never filters a list itself: holding exactly these jobs means the server filtered them.
    expect(ids(scoped.jobs)).toEqual(ids(expected))
    expect(scoped.scope).toEqual(scope)
    expect(lists).toContainEqual({ jobType: 'ExcelExportJob', status: 'Succeeded', submitterNameFilter: 'jane.doe' })
    expect(lists).toContainEqual({ status: 'Pending', submitterNameFilter: 'admin' })
    expect(lists).toContainEqual({ status: 'Running', submitterNameFilter: 'admin' })
    expect(scoped.counts).toEqual(expectedCounts)
  })

  it('searches the name OR the description: two requests, merged by id', async () => {
    const { writer, admin, monitor } = await setup()
    const byName = await textImport(writer, 'Quartz tensile batch', null)
    const byDescription = await textImport(admin, 'Plain batch', 'Checked against the QUARTZ reference')
    const both = await textImport(writer, 'Quartz again', 'quartz twice')
    const { lists, client } = recording(writer)
    await monitor.watch({ connectionId: 'c1', username: 'writer', client })
    await monitor.setScope({ text: 'quartz' })
    expect(ids(monitor.snapshot().jobs)).toEqual(ids([byName, byDescription, both]))
    expect(lists).toContainEqual({ nameFilter: 'quartz' })
    expect(lists).toContainEqual({ descriptionFilter: 'quartz' })
  })

  it('keeps the renderer copy right across scope changes, narrowing and widening', async () => {
    const { writer, admin, view, monitor } = await setup()
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    const steps: QueueScope[] = [
      { submitterName: 'sam.lee' },
      { submitterName: 'sam.lee', jobType: 'TextImportJob' },
      { jobType: 'TextImportJob' },
      { status: 'Failed' },
      { text: 'synthetic' },
      { text: 'lee' },
      {}
    ]
    const all = (await admin.listJobs()).jobs
    for (const scope of steps) {
      await monitor.setScope(scope)
      const truth = ids(
        all.filter(
          (j) =>
            (!scope.jobType || j.type === scope.jobType) &&
            (!scope.status || j.status === scope.status) &&
            (!scope.submitterName || j.submitterName === scope.submitterName) &&
            (!scope.text || `${j.name}\n${j.description ?? ''}`.toLowerCase().includes(scope.text))
        )
      )
      expect(truth.length, JSON.stringify(scope)).toBeGreaterThan(0)
      // The mirror is built from deltas only, exactly as the queue store builds its copy.
      await until(
        () => JSON.stringify(ids([...view.jobs.values()])) === JSON.stringify(truth),
        `the mirror for ${JSON.stringify(scope)}`
      )
    }
    expect(view.jobs.size).toBe(60)
    // Scope changes travel as ordinary deltas: only the first delta (the cache, then the server) is a reset.
    expect(view.deltas.filter((d) => d.reset && d.added.length > 0)).toEqual([])
  })

  it('notifies when my job finishes although the scope leaves it out, and not when it is deleted', async () => {
    const { sandbox, writer, admin, view, finished, monitor } = await setup()
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    await monitor.setScope({ submitterName: 'admin' })
    const mine = await textImport(writer, 'Mine, out of scope')
    const doomed = await textImport(writer, 'Mine, deleted by admin')
    await monitor.refresh() // sees both Pending (my unfinished jobs are polled apart from the scope)
    expect(monitor.snapshot().jobs.some((j) => j.submitterName === 'writer')).toBe(false)
    // Pending → Running → Succeeded all between two polls: the job leaves both small lists and is read once.
    await admin.deleteJob(doomed.id)
    sandbox.tick()
    await sandbox.idle()
    expect((await writer.getJob(mine.id)).status).toBe('Succeeded')
    await monitor.refresh()
    expect(finished.map((j) => [j.id, j.status])).toEqual([[mine.id, 'Succeeded']])
    expect(monitor.snapshot().error).toBeNull()
    expect([...view.jobs.values()].some((j) => j.submitterName === 'writer')).toBe(false)
  })

  it('notifies once when the scope changes to one that holds my jobs, and polls fast while mine run', async () => {
    const { sandbox, writer, finished, monitor } = await setup({ fastMs: 3_600_000, slowMs: 7_200_000 })
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    await monitor.setScope({ jobType: 'ExcelExportJob' })
    const mine = await textImport(writer, 'Mine again')
    await monitor.refresh()
    // Nothing in the scoped list is active, but one of mine is: the next poll is the fast one.
    const polled = monitor.snapshot()
    expect(polled.jobs.some((j) => j.status === 'Pending' || j.status === 'Running')).toBe(false)
    expect(polled.nextPollMs).toBeLessThanOrEqual(3_600_000)
    sandbox.tick()
    await sandbox.idle()
    await monitor.setScope({ submitterName: 'writer' })
    expect(finished.map((j) => j.id)).toEqual([mine.id])
    await monitor.setScope({})
    await monitor.refresh()
    expect(finished.map((j) => j.id)).toEqual([mine.id])
  })

  it('refuses a scope with & + # or % in it: such text is filtered in the view, never sent', () => {
    for (const text of ['R&D', 'a+b', '#12', '50%', 'two words'])
      expect(queueScopeSchema.safeParse({ text }).success, text).toBe(false)
    expect(queueScopeSchema.safeParse({ submitterName: 'DOMAIN\\sam' }).success).toBe(false)
    expect(queueScopeSchema.safeParse({ text: 'quartz', submitterName: 'jane.doe', status: 'Failed' }).success).toBe(
      true
    )
    expect(queueScopeSchema.safeParse({ nameFilter: 'quartz' }).success).toBe(false)
  })

  it('keeps the scope with the cached queue: offline, the copy says what it holds', async () => {
    const { sandbox, writer, cacheDir, monitor } = await setup()
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    await monitor.setScope({ submitterName: 'jane.doe' })
    const held = monitor.snapshot()
    await sandbox.stop()

    const later = new QueueMonitor({ cache: new QueueCache(cacheDir, testLogger()), emit: () => {}, emitGapMs: 1 })
    cleanups.push(() => later.dispose())
    await later.showCache('c1')
    // Offline, asking for another scope keeps the copy (and its scope) as it is.
    await later.setScope({ submitterName: 'sam.lee' })
    const snap = later.snapshot()
    expect(snap.source).toBe('cache')
    expect(snap.scope).toEqual({ submitterName: 'jane.doe' })
    expect(snap.counts).toEqual(held.counts)
    expect(ids(snap.jobs)).toEqual(ids(held.jobs))
    expect(snap.jobs.every((j) => j.submitterName === 'jane.doe')).toBe(true)
  })
})

describe('QueueCache', () => {
  it('reads a copy written before scopes as the whole queue', async () => {
    const dir = temp('jq-cache-v1-')
    const v1 = new JsonFile({ path: join(dir, 'c1.json'), schema: z.unknown(), version: 1 })
    await v1.write({ connectionId: 'c1', lastUpdated: '2026-11-28T10:00:00.000Z', jobs: [] })
    const cached = await new QueueCache(dir, testLogger()).load('c1')
    expect(cached).toEqual({
      connectionId: 'c1',
      lastUpdated: '2026-11-28T10:00:00.000Z',
      jobs: [],
      scope: {},
      counts: null
    })
  })
})
