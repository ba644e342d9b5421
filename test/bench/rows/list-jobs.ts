import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { connect } from '../../../main/granta'
import type { BenchRow } from '../run'
import { startSandboxProcess } from '../sandbox-process'

const JOBS = 10_000
const RUNS = 7
const run = promisify(execFile)

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? Number.NaN
}

/**
 * listJobs() on a sandbox (in another process) holding 10,000 jobs: HTTP with got, zod parsing of every GsaJob, and mapping
 * into domain Jobs (dates normalised, summaries decoded). Baseline: curl fetching the same URL with the
 * same credentials, plus JSON.parse of its output, timed the same way in the same run.
 */
const row: BenchRow = {
  name: 'listJobs, 10,000 jobs → domain objects',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'jq-bench-list-'))
    // Both sides on uncompressed bodies (the json-on-the-wire row measures compression), from a server in a process
    // of its own, as a real one is: in this process, its writing of the body would take turns with our reading.
    const sandbox = await startSandboxProcess(dir, [
      '--seed-jobs',
      String(JOBS),
      '--no-compression',
      '--polling-ms',
      '3600000'
    ])
    const client = await connect({
      url: sandbox.url,
      auth: { kind: 'basic', username: 'reader', password: 'reader-pass' }
    })
    const url = `${client.urls.jobQueue}/jobs`
    const ours: number[] = []
    const base: number[] = []
    let bytes = 0
    try {
      const timeOurs = async () => {
        const t0 = performance.now()
        const list = await client.listJobs()
        const ms = performance.now() - t0
        if (list.jobs.length !== JOBS) throw new Error(`expected ${JOBS} jobs, got ${list.jobs.length}`)
        return ms
      }
      const timeCurl = async () => {
        const t0 = performance.now()
        const { stdout } = await run('curl', ['-sf', '--user', 'reader:reader-pass', url], {
          maxBuffer: 512 * 1024 * 1024,
          encoding: 'utf8'
        })
        const parsed = JSON.parse(stdout) as { results: unknown[] }
        const ms = performance.now() - t0
        if (parsed.results.length !== JOBS) throw new Error(`curl: expected ${JOBS} jobs, got ${parsed.results.length}`)
        bytes = stdout.length
        return ms
      }
      for (let i = 0; i < 2; i++) {
        await timeOurs()
        await timeCurl()
      }
      for (let i = 0; i < RUNS; i++) {
        ours.push(await timeOurs())
        base.push(await timeCurl())
      }
    } finally {
      client.close()
      const exited = new Promise((r) => sandbox.child.once('exit', r))
      sandbox.child.kill()
      await exited
      rmSync(dir, { recursive: true, force: true })
    }
    return {
      ours: median(ours),
      baseline: median(base),
      unit: `ms (median of ${RUNS})`,
      note: `${(bytes / 1024 / 1024).toFixed(1)} MiB body; baseline = curl (new process) + JSON.parse, no validation`
    }
  }
}

export default row
