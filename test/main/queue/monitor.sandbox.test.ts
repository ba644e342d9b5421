import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Job } from '../../../common/domain'
import type { QueueDelta } from '../../../common/queue'
import { connect, type GrantaClient } from '../../../main/granta'
import { QueueCache } from '../../../main/queue/cache'
import { QueueMonitor } from '../../../main/queue/monitor'
import { startSandbox, type Sandbox } from '../../../main/sandbox'
import type { ProcessingOptions } from '../../../main/sandbox/options'
import { ManualClock } from '../../helpers/manual-clock'
import { until } from '../../helpers/until'
import { testLogger } from '../../helpers/logger'

const assets = resolve(import.meta.dirname, '../../../assets/sandbox')
const temp = (p: string) => mkdtempSync(join(tmpdir(), p))
const login = (sb: Sandbox, username: string) =>
  connect({ url: sb.url, auth: { kind: 'basic', username, password: `${username}-pass` }, timeoutMs: 10_000 })

/** A renderer-side mirror: applies deltas exactly as the Queue view will. */
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

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

/** The sandbox runs jobs only when a test calls `tick()`, so every status change is seen by a poll. */
async function setup(processing: Partial<ProcessingOptions> = {}, clock?: ManualClock) {
  const sandbox = await startSandbox({
    port: 0,
    dataDir: temp('jq-mon-sb-'),
    processing: { pollingIntervalMs: 3_600_000, ...processing }
  })
  cleanups.push(() => sandbox.stop())
  const writer = await login(sandbox, 'writer')
  const admin = await login(sandbox, 'admin')
  cleanups.push(
    () => writer.close(),
    () => admin.close()
  )
  const cacheDir = temp('jq-mon-cache-')
  const view = mirror()
  const finished: Job[] = []
  const monitor = new QueueMonitor({
    cache: new QueueCache(cacheDir, testLogger()),
    emit: view.apply,
    onMyJobFinished: (j) => finished.push(j),
    fastMs: 40,
    slowMs: 150,
    maxBackoffMs: 200,
    emitGapMs: 10,
    clock
  })
  cleanups.push(() => monitor.dispose())
  /** Waits until the monitor has shown the job as Pending, runs it, and waits for Succeeded. */
  async function runSeen(id: string): Promise<Job> {
    await until(() => view.jobs.get(id)?.status === 'Pending', 'the job to be seen Pending')
    sandbox.tick()
    return until(() => view.jobs.get(id)?.status === 'Succeeded' && view.jobs.get(id), 'Succeeded')
  }
  return { sandbox, writer, admin, cacheDir, view, finished, monitor, runSeen }
}

function textImport(client: GrantaClient, name: string) {
  return client.createJob({
    type: 'TextImportJob',
    name,
    description: 'monitor test',
    template: { path: join(assets, 'text_import_template.xml') },
    data: [{ path: join(assets, 'example_data.txt') }],
    attachments: []
  })
}

describe('QueueMonitor against the sandbox', () => {
  it('sends deltas for creation, status changes, renames and deletion by another user', async () => {
    const { writer, admin, view, finished, monitor, runSeen } = await setup()
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    await until(() => view.deltas.length > 0, 'the first delta')
    expect(view.jobs.size).toBe(0)

    const job = await textImport(writer, 'Tensile batch 7')
    const succeeded = await runSeen(job.id)
    expect(succeeded.summary).toMatchObject({ kind: 'import', numberOfRecordsCreated: 4 })
    // Pending → Running → Succeeded arrived as changes, never as a whole new list.
    const statuses = view.deltas.flatMap((d) => d.changed.filter((j) => j.id === job.id).map((j) => j.status))
    expect(statuses.at(-1)).toBe('Succeeded')
    expect(view.deltas.filter((d) => d.reset && d.added.length > 0)).toEqual([])
    expect(finished.map((j) => j.id)).toEqual([job.id])

    await writer.updateJob(job.id, { name: 'Tensile batch 7 (checked)' })
    await until(() => view.jobs.get(job.id)?.name === 'Tensile batch 7 (checked)', 'the rename')

    const other = await textImport(writer, 'To be deleted by admin')
    await runSeen(other.id)
    await admin.deleteJob(other.id)
    await until(() => !view.jobs.has(other.id), 'the deletion by another user')
    expect(view.deltas.some((d) => d.removed.includes(other.id))).toBe(true)
    expect(finished.some((j) => j.id === other.id)).toBe(true)
  })

  it('purges: a job that disappears between polls is removed, not an error', async () => {
    const { sandbox, writer, view, monitor, runSeen } = await setup({ purgeAgeMs: 1, purgeIntervalMs: 3_600_000 })
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    const job = await textImport(writer, 'Purge me')
    await runSeen(job.id)
    await until(async () => (await sandbox.purge()) >= 1, 'the finished job to be old enough to purge')
    await monitor.refresh()
    await until(() => !view.jobs.has(job.id), 'the purged job to be removed')
    expect(view.deltas.at(-1)?.error).toBeNull()
  })

  it('stops polling while the window is hidden and refreshes at once when shown', async () => {
    const clock = new ManualClock()
    const { sandbox, writer, monitor } = await setup({}, clock)
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    const listCalls = () =>
      Object.entries(sandbox.stats().byRoute)
        .filter(([route]) => /^GET .*\/jobs$/.test(route))
        .reduce((n, [, c]) => n + c, 0)
    await until(async () => {
      await clock.advanceAsync(40)
      return listCalls() >= 2
    }, 'polling to run')
    monitor.setVisible(false)
    // Once a poll under way has ended, nothing is scheduled at all.
    await until(async () => {
      await clock.advanceAsync(10)
      return clock.pending === 0
    }, 'the monitor to stop scheduling polls')
    const hiddenAt = listCalls()
    await clock.advanceAsync(10 * 60_000)
    expect(listCalls()).toBe(hiddenAt)
    expect(monitor.snapshot().nextPollMs).toBeNull()
    expect(monitor.snapshot().paused).toBe(true)
    monitor.setVisible(true)
    await until(() => listCalls() > hiddenAt, 'a poll right after showing the window', 2_000)
  })

  it('serves the cached queue when the server is unreachable', async () => {
    const { sandbox, writer, view, cacheDir, monitor, runSeen } = await setup()
    await monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    const job = await textImport(writer, 'Cached job')
    await runSeen(job.id)
    await monitor.refresh()
    await sandbox.stop()
    await until(() => view.deltas.at(-1)?.error, 'the poll error to be reported')
    const last = view.deltas.at(-1)
    expect(last?.source).toBe('cache')
    expect(last?.error?.code).toMatch(/ConnectionRefused|Network/)
    expect(view.jobs.get(job.id)?.name).toBe('Cached job')

    // A fresh start while offline shows the last known queue from disk.
    const offline = mirror()
    const later = new QueueMonitor({ cache: new QueueCache(cacheDir, testLogger()), emit: offline.apply, emitGapMs: 1 })
    cleanups.push(() => later.dispose())
    await later.showCache('c1')
    const snap = later.snapshot()
    expect(snap.source).toBe('cache')
    expect(snap.lastUpdated).not.toBeNull()
    expect(snap.jobs.map((j) => j.id)).toContain(job.id)
  })

  it('a poll that answers before the cache is read keeps the live list', async () => {
    const { writer } = await setup()
    await textImport(writer, 'Listed before the cache')
    let release: () => void = () => {}
    let read: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const wasRead = new Promise<void>((r) => (read = r))
    class SlowCache extends QueueCache {
      override async load(connectionId: string) {
        await gate
        const cached = await super.load(connectionId)
        read()
        return cached
      }
    }
    const monitor = new QueueMonitor({ cache: new SlowCache(temp('jq-mon-cache-'), testLogger()), emit: () => {} })
    cleanups.push(() => monitor.dispose())
    const watching = monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
    await monitor.refresh()
    expect(monitor.snapshot().jobs.map((j) => j.name)).toContain('Listed before the cache')
    release()
    await wasRead
    // The monitor goes on in microtasks; the next poll needs the network, so it cannot answer in between.
    for (let i = 0; i < 5; i++) await Promise.resolve()
    const snap = monitor.snapshot()
    expect(snap.source).toBe('server')
    expect(snap.jobs.map((j) => j.name)).toContain('Listed before the cache')
    await watching
    expect(monitor.snapshot().jobs.map((j) => j.name)).toContain('Listed before the cache')
  })
})
