import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { serverUrls } from '../../../main/granta'
import type { QueueFigures } from '../queue-child'
import type { BenchResult, BenchRow } from '../run'
import { startSandboxProcess } from '../sandbox-process'

const JOBS = 50_000
const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../../..')
const MiB = 1024 * 1024

interface Measured {
  ours: QueueFigures
  /** curl of one full listing + JSON.parse. */
  baselineMs: number
  baselineBytes: number
  seedS: number
}

/** curl GET of every job in one request, then JSON.parse: what the monitor used to do on every poll. */
async function plainList(jobsUrl: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now()
  const { stdout } = await run('curl', ['-sf', '--user', 'writer:writer-pass', jobsUrl], {
    maxBuffer: 512 * MiB,
    encoding: 'utf8'
  })
  const parsed = JSON.parse(stdout) as { results: unknown[] }
  const ms = performance.now() - t0
  if (parsed.results.length !== JOBS) throw new Error(`curl: expected ${JOBS} jobs, got ${parsed.results.length}`)
  return { ms, bytes: Buffer.byteLength(stdout) }
}

let measured: Promise<Measured> | undefined

/** One sandbox seeded with `--seed-jobs 50000` (in its own process) serves the three rows. */
function measure(): Promise<Measured> {
  measured ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-bench-queue-'))
    const t0 = performance.now()
    const { url, child: sandbox } = await startSandboxProcess(join(dir, 'sandbox'), ['--seed-jobs', String(JOBS)])
    const seedS = (performance.now() - t0) / 1000
    try {
      const jobsUrl = `${serverUrls(url).jobQueue}/jobs`
      await plainList(jobsUrl) // warm-up
      const base = [await plainList(jobsUrl), await plainList(jobsUrl)]
      const { stdout } = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'test/bench/queue-child.ts'),
          url,
          join(dir, 'cache'),
          join(root, 'assets/sandbox'),
          String(JOBS)
        ],
        { cwd: root, maxBuffer: 16 * MiB }
      )
      const ours = JSON.parse(stdout.trim().split('\n').pop() ?? '') as QueueFigures
      if (ours.jobs < JOBS) throw new Error(`the monitor held ${ours.jobs} jobs, not ${JOBS}`)
      return {
        ours,
        baselineMs: Math.min(...base.map((b) => b.ms)),
        baselineBytes: base[0]?.bytes ?? Number.NaN,
        seedS
      }
    } finally {
      sandbox.kill('SIGTERM')
      await new Promise((r) => sandbox.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    }
  })()
  return measured
}

const growth = (m: Measured) => `main's peak RSS growth ${(m.ours.growthBytes / MiB).toFixed(0)} MiB (< 200)`
const baselineNote = 'baseline = curl of one full listing (new process) + JSON.parse, best of 2'

/**
 * The live queue over 50,000 jobs, in a process of its own (queue-child.ts): time to the first page and to
 * the full list after connect, and the bytes of a poll cycle once the list is held (3 jobs submitted, so some are
 * pending or running). Baseline: one full listing, as the monitor used to fetch on every poll.
 */
const rows: BenchRow[] = [
  {
    name: 'queue 50,000 jobs: first page after connect',
    async run(): Promise<BenchResult> {
      const m = await measure()
      return {
        ours: m.ours.firstPageMs,
        baseline: m.baselineMs,
        unit: 'ms',
        note: `${m.ours.firstPageJobs} jobs on screen (target < 1000 ms); ${growth(m)}; ${baselineNote}`
      }
    }
  },
  {
    name: 'queue 50,000 jobs: full list after connect',
    async run(): Promise<BenchResult> {
      const m = await measure()
      return {
        ours: m.ours.fullListMs,
        baseline: m.baselineMs,
        unit: 'ms',
        note:
          `${m.ours.jobs} jobs by pages of 1,000; watch() with the cache's first write ${m.ours.watchMs.toFixed(0)} ms; ` +
          `sandbox start with seeding ${m.seedS.toFixed(1)} s; ${baselineNote}`
      }
    }
  },
  {
    name: 'queue 50,000 jobs: bytes per poll cycle',
    async run(): Promise<BenchResult> {
      const m = await measure()
      const cycles = m.ours.bytesPerCycle
      const sorted = [...cycles].sort((a, b) => a - b)
      const mean = cycles.reduce((a, b) => a + b, 0) / cycles.length
      return {
        ours: (sorted[Math.floor(sorted.length / 2)] ?? Number.NaN) / 1024,
        baseline: m.baselineBytes / 1024,
        unit: 'KiB (median)',
        note:
          `${cycles.length} cycles: ${cycles.map((b) => (b / 1024).toFixed(1)).join(', ')} KiB, mean ${(mean / 1024).toFixed(1)} KiB; ` +
          "a cycle far above the others lists the user's own jobs once (one of theirs came and went between two polls); " +
          'baseline = one full listing, what every poll fetched before'
      }
    }
  }
]

export default rows
