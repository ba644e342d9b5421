import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { QueueSnapshot } from '../../../common/queue'
import { runCli } from '../../../main/downloads/cli-run'
import { connect } from '../../../main/granta'
import { QueueCache } from '../../../main/queue/cache'
import { QueueMonitor } from '../../../main/queue/monitor'
import { startSandbox } from '../../../main/sandbox'
import { testLogger } from '../../helpers/logger'
import { dropIdAndRenameType, startTamperingServer } from '../../helpers/tampering-server'
import { listFiles, seedOutputJobs } from '../downloads/fixtures'
import { anyOf } from '../../helpers/match'

const cleanups: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
async function tempDir(prefix: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix))
  cleanups.push(() => rm(d, { recursive: true, force: true }))
  return d
}

/** 100 finished jobs with one output each, behind a server that drops the first job's id and renames a type. */
async function hundredJobs(tamper: Parameters<typeof startTamperingServer>[0]['tamper'] = dropIdAndRenameType) {
  const sbDir = await tempDir('jq-tol-sb-')
  const seeded = await seedOutputJobs(
    sbDir,
    Array.from({ length: 100 }, (_, i) => ({ name: `Job ${i + 1}`, outputs: [{ name: `out-${i + 1}.txt`, size: 64 }] }))
  )
  const sandbox = await startSandbox({ port: 0, dataDir: sbDir })
  cleanups.push(() => sandbox.stop())
  const server = await startTamperingServer({
    upstream: sandbox.url,
    user: { username: 'admin', password: 'admin-pass' },
    tamper
  })
  cleanups.push(() => server.close())
  return { seeded, server }
}

describe('a server that lists 100 jobs, one without an id and one of an unknown type', () => {
  it('the queue shows 99 jobs, the unknown one as Other, and reports the one it could not read', async () => {
    const { server } = await hundredJobs()
    const client = await connect({ url: server.url, auth: { kind: 'anonymous' }, timeoutMs: 10_000 })
    cleanups.push(() => client.close())
    const logged: string[] = []
    let latest: QueueSnapshot | null = null
    const monitor = new QueueMonitor({
      cache: new QueueCache(await tempDir('jq-tol-cache-'), testLogger()),
      emit: () => {},
      log: (line) => logged.push(line)
    })
    cleanups.push(() => monitor.dispose())
    await monitor.watch({ connectionId: 'c', username: 'admin', client })
    latest = monitor.snapshot()
    expect(latest.error).toBeNull()
    expect(latest.jobs).toHaveLength(99)
    const other = latest.jobs.filter((j) => j.type === 'Other')
    expect(other.map((j) => [j.otherType, j.status])).toEqual([['DataUpdaterJob', 'Succeeded']])
    expect(latest.skipped).toEqual([{ id: null, field: 'results.0.id', reason: anyOf(String) }])
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatch(/field "results\.0\.id"/)

    // The next poll lists the same answer: the log does not repeat the same job.
    await monitor.refresh()
    expect(monitor.snapshot().skipped).toHaveLength(1)
    expect(logged).toHaveLength(1)
  }, 60_000)

  it('an answer that is not a job list keeps the last good view and says so', async () => {
    let broken = false
    const { server } = await hundredJobs((list) => (broken ? { message: 'maintenance' } : dropIdAndRenameType(list)))
    const client = await connect({ url: server.url, auth: { kind: 'anonymous' }, timeoutMs: 10_000 })
    cleanups.push(() => client.close())
    const monitor = new QueueMonitor({
      cache: new QueueCache(await tempDir('jq-tol-cache-'), testLogger()),
      emit: () => {}
    })
    cleanups.push(() => monitor.dispose())
    await monitor.watch({ connectionId: 'c', username: 'admin', client })
    broken = true
    await monitor.refresh()
    const snap = monitor.snapshot()
    expect(snap.jobs).toHaveLength(99)
    expect(snap.error?.code).toBe('ServerResponseInvalid')
    expect(snap.source).toBe('cache')
  }, 60_000)

  it('the download command line downloads the 99 jobs’ outputs and exits 1, listing the skipped job', async () => {
    const { seeded, server } = await hundredJobs()
    const dest = await tempDir('jq-tol-dest-')
    const out: string[] = []
    const err: string[] = []
    const code = await runCli(
      ['--url', server.url, '--to', dest, '--template', '{fileName}', '--data-dir', await tempDir('jq-tol-data-')],
      { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {}, isTty: false, openLog: () => testLogger() }
    )
    expect(code, err.join('')).toBe(1)
    const files = await listFiles(dest)
    expect(files).toHaveLength(99)
    // The file left out is the output of the job that lost its id; every other job's output is there.
    const missing = seeded.map((s) => s.name).filter((n) => !files.includes(n))
    expect(missing).toHaveLength(1)
    expect(err.join('')).toMatch(/job \(no id\): A listed job could not be read \(field "results\.0\.id"/)
    expect(out.join('')).toMatch(/99 of 99 files ready/)
  }, 90_000)
})
