import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { serverUrls } from '../../../main/granta'
import type { QueueFigures } from '../queue-child'
import type { BenchRow } from '../run'
import { startSandboxProcess } from '../sandbox-process'

const JOBS = 50_000
const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../../..')
const MiB = 1024 * 1024

/** curl GET of a URL (uncompressed, as the monitor's own request here) and JSON.parse of the body, in ms. */
async function curlParse(url: string): Promise<{ ms: number; count: number }> {
  const t0 = performance.now()
  const { stdout } = await run('curl', ['-sf', '--user', 'reader:reader-pass', url], {
    maxBuffer: 512 * MiB,
    encoding: 'utf8'
  })
  const count = (JSON.parse(stdout) as { results: unknown[] }).results.length
  return { ms: performance.now() - t0, count }
}

async function child(url: string, cacheDir: string): Promise<QueueFigures> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(root, 'test/bench/queue-child.ts'), url, cacheDir],
    { cwd: root, maxBuffer: 16 * MiB }
  )
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as QueueFigures
}

/**
 * The live queue over a sandbox seeded with 50,000 jobs, watched in a process of its own (queue-child.ts):
 * the first page on screen (target < 1 s), the whole list by pages, the change polls after it, and the peak
 * RSS growth (target < 200 MB). Baseline: curl + JSON.parse of the whole list in one request, in the same run.
 */
const row: BenchRow = {
  name: 'queue of 50,000 jobs (first page, full list, memory)',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'jq-bench-queue-'))
    const { url, child: sandbox } = await startSandboxProcess(join(dir, 'sandbox'), [
      '--seed-jobs',
      String(JOBS),
      '--no-compression'
    ])
    try {
      const jobsUrl = `${serverUrls(url).jobQueue}/jobs`
      const ours: QueueFigures[] = []
      const whole: number[] = []
      const page: number[] = []
      for (let i = 0; i < 2; i++) {
        ours.push(await child(url, join(dir, `cache-${i}`)))
        const all = await curlParse(jobsUrl)
        if (all.count !== ours[i]?.jobs) throw new Error(`curl listed ${all.count} jobs, the monitor ${ours[i]?.jobs}`)
        whole.push(all.ms)
        page.push((await curlParse(`${jobsUrl}?pageSize=1000&pageNumber=1`)).ms)
      }
      const best = ours.reduce((a, b) => (a.allShownMs <= b.allShownMs ? a : b))
      return {
        ours: best.allShownMs,
        baseline: Math.min(...whole),
        unit: 'ms until all on screen (best of 2)',
        note:
          `${best.jobs} jobs; first poll with the disk copy ${best.fullMs.toFixed(0)} ms; first page on screen ${best.firstPageMs.toFixed(0)} ms (< 1000; curl of that page ` +
          `${Math.min(...page).toFixed(0)} ms); all on screen ${best.allShownMs.toFixed(0)} ms; change poll ${best.changePollMs.toFixed(0)} ms; ` +
          `peak RSS growth ${(Math.max(...ours.map((o) => o.growthBytes)) / MiB).toFixed(0)} MiB (< 200); ` +
          'baseline = curl GET /jobs (all, uncompressed) + JSON.parse'
      }
    } finally {
      sandbox.kill('SIGTERM')
      await new Promise((r) => sandbox.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export default row
