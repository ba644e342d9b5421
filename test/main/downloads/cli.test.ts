import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { progressLine, runCli } from '../../../main/downloads/cli-run'
import { startSandbox } from '../../../main/sandbox/index'
import { connectWriter, listFiles, seedOutputJobs, sha256File } from './fixtures'
import { until } from '../../helpers/until'
import { testLogger } from '../../helpers/logger'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
async function tempDir(prefix: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix))
  cleanups.push(() => rm(d, { recursive: true, force: true }))
  return d
}

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    io: {
      out: (t: string) => void out.push(t),
      err: (t: string) => void err.push(t),
      env,
      isTty: false,
      openLog: () => testLogger()
    }
  }
}

describe('npm run download', () => {
  it('downloads the outputs of the jobs matching a filter, and a second run skips what is there', async () => {
    const sbDir = await tempDir('jq-cli-sb-')
    const seeded = await seedOutputJobs(sbDir, [
      {
        name: 'Weekly export A',
        outputs: [
          { name: 'a.xlsx', size: 40_000 },
          { name: 'a.log', size: 300 }
        ]
      },
      { name: 'Weekly export B', outputs: [{ name: 'b.xlsx', size: 50_000 }] },
      { name: 'Other job', outputs: [{ name: 'o.xlsx', size: 10 }] }
    ])
    const sandbox = await startSandbox({ port: 0, dataDir: sbDir })
    cleanups.push(() => sandbox.stop())
    const dest = await tempDir('jq-cli-dest-')
    const dataDir = await tempDir('jq-cli-data-')
    const args = [
      '--url',
      sandbox.url,
      '--user',
      'writer',
      '--status',
      'Succeeded',
      '--name-filter',
      'weekly',
      '--to',
      dest,
      '--template',
      '{fileName}',
      '--data-dir',
      dataDir
    ]

    const first = io({ JOBQUEUE_PASSWORD: 'writer-pass' })
    expect(await runCli(args, first.io), first.err.join('')).toBe(0)
    expect(await listFiles(dest)).toEqual(['a.log', 'a.xlsx', 'b.xlsx'])
    for (const s of seeded.filter((x) => x.jobName.startsWith('Weekly')))
      expect(await sha256File(join(dest, s.name))).toBe(s.sha256)
    expect(first.out.join('')).toMatch(/3 of 3 files ready/)

    const second = io({ JOBQUEUE_PASSWORD: 'writer-pass' })
    expect(await runCli(args, second.io)).toBe(0)
    expect(second.out.join('')).toMatch(/3 of 3 files ready .*\(3 already there\)/)
    expect(await listFiles(dest)).toEqual(['a.log', 'a.xlsx', 'b.xlsx'])
  }, 60_000)

  it('uses a saved connection by name (the built-in Sandbox)', async () => {
    const dest = await tempDir('jq-cli-dest-')
    const dataDir = await tempDir('jq-cli-data-')
    // The built-in sandbox runs its demo jobs after it starts: let them finish once, where it keeps its data.
    const warm = await startSandbox({ port: 0, dataDir: join(dataDir, 'sandbox'), seed: true })
    const client = await connectWriter(warm.url)
    await until(
      async () => (await client.listJobs({ status: 'Succeeded', jobType: 'ExcelExportJob' })).jobs.length > 0,
      'a demo export to succeed',
      120_000
    )
    client.close()
    await warm.stop()
    const run = io()
    const code = await runCli(
      [
        '--connection',
        'sandbox',
        '--status',
        'Succeeded',
        '--type',
        'ExcelExportJob',
        '--to',
        dest,
        '--data-dir',
        dataDir
      ],
      run.io
    )
    expect(code, run.err.join('')).toBe(0)
    const files = await listFiles(dest)
    expect(files.length).toBeGreaterThan(0)
    expect(files.every((f) => / \([0-9a-f]{8}\)\//.test(f))).toBe(true)
  }, 180_000)

  it('refuses bad arguments with exit status 2 and says why', async () => {
    const run = io()
    expect(await runCli(['--url', 'http://127.0.0.1:9', '--status', 'Done', '--to', '/tmp/x'], run.io)).toBe(2)
    expect(run.err.join('')).toMatch(/filter is not valid: status/)
    const noPassword = io()
    expect(await runCli(['--url', 'http://127.0.0.1:9', '--user', 'u', '--to', '/tmp/x'], noPassword.io)).toBe(2)
    expect(noPassword.err.join('')).toMatch(/JOBQUEUE_PASSWORD/)
    const noDest = io()
    expect(await runCli(['--connection', 'x'], noDest.io)).toBe(2)
    expect(noDest.err.join('')).toMatch(/--to DIR is required/)
  })

  it('draws a progress line', () => {
    const line = progressLine(
      {
        bytesDone: 50 * 1024 * 1024,
        totalBytes: 100 * 1024 * 1024,
        speed: 2 * 1024 * 1024,
        eta: 83,
        counts: { total: 10, queued: 3, active: 2, paused: 0, done: 4, failed: 1, cancelled: 0 }
      },
      10
    )
    expect(line).toBe('[#####.....]  50%  4/10 files  50 MB  2.0 MB/s  ETA 1 min 23 s  1 failed')
  })
})

describe('--auth', () => {
  it('downloads over NTLM (Windows account) with --auth ntlm', async () => {
    const sbDir = await tempDir('jq-cli-ntlm-')
    await seedOutputJobs(sbDir, [{ name: 'NTLM export', outputs: [{ name: 'n.xlsx', size: 20_000 }] }])
    const sandbox = await startSandbox({ port: 0, dataDir: sbDir, auth: ['ntlm'] })
    cleanups.push(() => sandbox.stop())
    const dest = await tempDir('jq-cli-ntlm-dest-')
    const args = ['--url', sandbox.url, '--auth', 'ntlm', '--user', 'SANDBOX\\writer', '--to', dest]
    args.push('--template', '{fileName}', '--data-dir', await tempDir('jq-cli-ntlm-data-'))
    const run = io({ JOBQUEUE_PASSWORD: 'writer-pass' })
    expect(await runCli(args, run.io), run.err.join('')).toBe(0)
    expect(await listFiles(dest)).toEqual(['n.xlsx'])
    expect(sandbox.connections().some((c) => c.user === 'writer' && c.handshakes === 1)).toBe(true)
  }, 60_000)

  it('refuses an unknown kind, and a kind without its user', async () => {
    const bad = io({ JOBQUEUE_PASSWORD: 'x' })
    expect(await runCli(['--url', 'http://127.0.0.1:9', '--auth', 'digest', '--to', '/tmp/x'], bad.io)).toBe(2)
    expect(bad.err.join('')).toMatch(/--auth must be negotiate, ntlm, basic, oidc or anonymous/)
    const noUser = io({ JOBQUEUE_PASSWORD: 'x' })
    expect(await runCli(['--url', 'http://127.0.0.1:9', '--auth', 'ntlm', '--to', '/tmp/x'], noUser.io)).toBe(2)
    expect(noUser.err.join('')).toMatch(/--auth ntlm needs --user/)
  })
})
