import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Job } from '../../../common/domain'
import { connect, type GrantaClient } from '../../../main/granta'
import { QueueCache } from '../../../main/queue/cache'
import { QueueMonitor } from '../../../main/queue/monitor'
import { startSandbox, type Sandbox } from '../../../main/sandbox'
import { testLogger } from '../../helpers/logger'

const assets = resolve(import.meta.dirname, '../../../assets/sandbox')
const temp = (p: string) => mkdtempSync(join(tmpdir(), p))
const login = (sb: Sandbox, username: string) =>
  connect({ url: sb.url, auth: { kind: 'basic', username, password: `${username}-pass` }, timeoutMs: 10_000 })

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

/**
 * A sandbox with 30 finished synthetic jobs that runs jobs only on `tick()`, and a monitor that polls only when
 * the test says: a job submitted and run between two `refresh()` calls is first seen already finished.
 */
async function setup(options: { clockSkewMs?: number; sandboxClock?: () => Date } = {}) {
  const sandbox = await startSandbox({
    port: 0,
    dataDir: temp('jq-notify-sb-'),
    seedJobs: 30,
    processing: { pollingIntervalMs: 3_600_000 },
    clock: options.sandboxClock
  })
  cleanups.push(() => sandbox.stop())
  const writer = await login(sandbox, 'writer')
  const admin = await login(sandbox, 'admin')
  cleanups.push(
    () => writer.close(),
    () => admin.close()
  )
  const notified: Job[] = []
  const others: Job[] = []
  const monitor = new QueueMonitor({
    cache: new QueueCache(temp('jq-notify-cache-'), testLogger()),
    emit: () => {},
    onMyJobFinished: (j) => notified.push(j),
    onOtherJobFinished: (j) => others.push(j),
    fastMs: 3_600_000,
    slowMs: 3_600_000,
    emitGapMs: 1,
    clockSkewMs: options.clockSkewMs
  })
  cleanups.push(() => monitor.dispose())
  /** Submits a text import as `client` (outside the monitor, like a script) and runs it to its end. */
  async function submitAndRun(client: GrantaClient, name: string): Promise<Job> {
    const job = await client.createJob({
      type: 'TextImportJob',
      name,
      description: 'notify test',
      template: { path: join(assets, 'text_import_template.xml') },
      data: [{ path: join(assets, 'example_data.txt') }],
      attachments: []
    })
    sandbox.tick()
    await sandbox.idle()
    const done = await client.getJob(job.id)
    expect(done.status).toBe('Succeeded')
    return done
  }
  const watch = () => monitor.watch({ connectionId: 'c1', username: 'writer', client: writer })
  return { sandbox, writer, admin, notified, others, monitor, submitAndRun, watch }
}

const seen = (jobs: readonly Job[]) => jobs.map((j) => [j.name, j.status])

describe('QueueMonitor notifications: my jobs that start and finish between two polls', () => {
  it('notifies once for my job first seen already finished, and not for another user’s', async () => {
    const { writer, admin, notified, monitor, submitAndRun, watch } = await setup()
    await watch()
    await monitor.refresh()
    expect(notified).toEqual([])
    await submitAndRun(writer, 'Quick script job')
    await submitAndRun(admin, 'Someone else’s quick job')
    await monitor.refresh()
    expect(seen(notified)).toEqual([['Quick script job', 'Succeeded']])
    await monitor.refresh()
    await monitor.refresh()
    expect(notified).toHaveLength(1)
  })

  it('notifies when the view’s scope leaves my jobs out (the queue grew: my jobs are looked at)', async () => {
    const { sandbox, writer, admin, notified, monitor, submitAndRun, watch } = await setup()
    await watch()
    await monitor.setScope({ submitterName: 'admin' })
    await monitor.refresh()
    const lists0 = sandbox.stats().byRoute['GET /v1alpha/job-queue/jobs'] ?? 0
    await monitor.refresh() // nothing new: only the scope and my two small lists, no list of all my jobs
    expect((sandbox.stats().byRoute['GET /v1alpha/job-queue/jobs'] ?? 0) - lists0).toBe(3)
    await submitAndRun(writer, 'Out of scope quick job')
    await submitAndRun(admin, 'In scope, not mine')
    await monitor.refresh()
    expect(seen(notified)).toEqual([['Out of scope quick job', 'Succeeded']])
    expect(monitor.snapshot().jobs.some((j) => j.submitterName === 'writer')).toBe(false)
    await monitor.refresh()
    expect(notified).toHaveLength(1)
  })

  it('does not notify old finished jobs at first load, nor when a scope change brings them into view', async () => {
    const { writer, notified, monitor, submitAndRun, watch } = await setup()
    await submitAndRun(writer, 'Finished before the app looked')
    await monitor.setScope({ jobType: 'ExcelExportJob' }) // offline: kept for the first poll
    await watch()
    expect(monitor.snapshot().jobs.some((j) => j.name === 'Finished before the app looked')).toBe(false)
    await monitor.refresh()
    await monitor.setScope({})
    expect(monitor.snapshot().jobs.some((j) => j.name === 'Finished before the app looked')).toBe(true)
    await monitor.refresh()
    await monitor.setScope({ submitterName: 'writer' })
    await monitor.refresh()
    expect(notified).toEqual([])
  })

  it('does not notify jobs that finished while disconnected, after a reconnect', async () => {
    const { writer, notified, monitor, submitAndRun, watch } = await setup()
    await watch()
    await monitor.refresh()
    monitor.unwatch()
    await submitAndRun(writer, 'Finished while offline')
    await watch()
    await monitor.refresh()
    expect(monitor.snapshot().jobs.some((j) => j.name === 'Finished while offline')).toBe(true)
    expect(notified).toEqual([])
  })

  it('does not notify an old job renamed into a text scope: it was submitted before the previous poll', async () => {
    const { writer, notified, monitor, submitAndRun, watch } = await setup({ clockSkewMs: 0 })
    const old = await submitAndRun(writer, 'Plain old job')
    await watch()
    await monitor.setScope({ text: 'zebra' })
    await monitor.refresh()
    await writer.updateJob(old.id, { name: 'Zebra old job' })
    await monitor.refresh()
    expect(monitor.snapshot().jobs.map((j) => j.id)).toEqual([old.id])
    expect(notified).toEqual([])
  })

  it('allows for a server clock running behind this computer’s', async () => {
    const behind = () => new Date(Date.now() - 30_000)
    const { writer, notified, monitor, submitAndRun, watch } = await setup({ sandboxClock: behind })
    await watch()
    await monitor.refresh()
    await submitAndRun(writer, 'Stamped 30 s in the past')
    await monitor.refresh()
    expect(seen(notified)).toEqual([['Stamped 30 s in the past', 'Succeeded']])
  })
})

describe('QueueMonitor notifications: other users’ jobs (for "notify about all jobs")', () => {
  it('tells about another user’s listed job that it saw unfinished and then finished, once, and not about mine', async () => {
    const { sandbox, writer, admin, notified, others, monitor, submitAndRun, watch } = await setup()
    await submitAndRun(admin, 'Finished before the app looked')
    await watch()
    const queued = await admin.createJob({
      type: 'TextImportJob',
      name: 'Admin’s long job',
      description: 'notify test',
      template: { path: join(assets, 'text_import_template.xml') },
      data: [{ path: join(assets, 'example_data.txt') }],
      attachments: []
    })
    await monitor.refresh()
    expect(others).toEqual([])
    sandbox.tick()
    await sandbox.idle()
    await submitAndRun(writer, 'Mine, quick')
    await monitor.refresh()
    expect(seen(others)).toEqual([['Admin’s long job', 'Succeeded']])
    expect(others[0]?.id).toBe(queued.id)
    expect(seen(notified)).toEqual([['Mine, quick', 'Succeeded']])
    await monitor.refresh()
    expect(others).toHaveLength(1)
  })
})
