import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { connect } from '../../../main/granta'
import { startSandbox } from '../../../main/sandbox'
import type { BenchRow } from '../run'

const JOBS = 10_000
const RUNS = 5
const run = promisify(execFile)

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

/** Bytes curl received for the list, asking as the app does (gzip, deflate, br) or asking for nothing. */
async function wireBytes(url: string, acceptEncoding: string | null): Promise<number> {
  const header = acceptEncoding ? ['-H', `accept-encoding: ${acceptEncoding}`] : []
  const { stdout } = await run('curl', [
    '-sf',
    '--user',
    'reader:reader-pass',
    ...header,
    '-o',
    '/dev/null',
    '-w',
    '%{size_download}',
    url
  ])
  return Number(stdout)
}

/**
 * A 10,000-job list on the wire: ours = the bytes sent when asked as the app asks (the sandbox compresses JSON as
 * IIS does with dynamic compression on); baseline = the same list uncompressed. The note gives listJobs' time
 * over loopback both ways: compression costs CPU there, and pays back on a real network.
 */
const row: BenchRow = {
  name: 'JSON on the wire, 10,000 jobs (compressed vs not)',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'jq-bench-wire-'))
    const sandbox = await startSandbox({
      dataDir: dir,
      port: 0,
      seedJobs: JOBS,
      processing: { pollingIntervalMs: 3_600_000 }
    })
    const plainDir = mkdtempSync(join(tmpdir(), 'jq-bench-wire-plain-'))
    const plain = await startSandbox({
      dataDir: plainDir,
      port: 0,
      seedJobs: JOBS,
      compression: false,
      processing: { pollingIntervalMs: 3_600_000 }
    })
    const auth = { kind: 'basic' as const, username: 'reader', password: 'reader-pass' }
    const clients = [await connect({ url: sandbox.url, auth }), await connect({ url: plain.url, auth })]
    try {
      const url = `${clients[0]?.urls.jobQueue ?? ''}/jobs`
      const compressed = await wireBytes(url, 'gzip, deflate, br')
      const identity = await wireBytes(url, null)
      const times = [[], []] as number[][]
      for (let i = 0; i < RUNS + 1; i++) {
        for (const [k, client] of clients.entries()) {
          const t0 = performance.now()
          const list = await client.listJobs()
          if (list.jobs.length !== JOBS) throw new Error(`expected ${JOBS} jobs, got ${list.jobs.length}`)
          if (i > 0) times[k]?.push(performance.now() - t0)
        }
      }
      const [on, off] = times.map((t) => median(t).toFixed(0))
      return {
        ours: compressed / 1024,
        baseline: identity / 1024,
        unit: 'KiB on the wire',
        note: `br as the app asks vs identity; listJobs over loopback ${on} ms compressed, ${off} ms not (median of ${RUNS})`
      }
    } finally {
      for (const c of clients) c.close()
      await sandbox.stop()
      await plain.stop()
      rmSync(dir, { recursive: true, force: true })
      rmSync(plainDir, { recursive: true, force: true })
    }
  }
}

export default row
