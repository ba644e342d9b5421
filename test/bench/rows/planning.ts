import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { serverUrls } from '../../../main/granta'
import type { PlanningFigures } from '../planning-child'
import type { BenchRow } from '../run'
import { startSandboxProcess } from '../sandbox-process'

const JOBS = 50_000
const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../../..')
const MiB = 1024 * 1024

interface ListedJob {
  id: string
  name: string
  outputFileNames: string[] | null
}

/** Lists a folder; none when it is not there. */
async function names(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => [])
}

/**
 * The least any planner does, by hand: curl GET of every job, JSON.parse, one readdir of the destination and of
 * each job folder it holds, and a Map of every target path, lower-cased. No validation, no sanitizing, no state.
 */
async function plainPlan(jobsUrl: string, destination: string): Promise<number> {
  const { stdout } = await run('curl', ['-sf', '--user', 'reader:reader-pass', jobsUrl], {
    maxBuffer: 512 * 1024 * 1024,
    encoding: 'utf8'
  })
  const jobs = (JSON.parse(stdout) as { results: ListedJob[] }).results
  const present = new Set((await names(destination)).map((n) => n.toLowerCase()))
  const targets = new Map<string, string>()
  for (const job of jobs) {
    const folder = `${job.name} (${job.id.replace(/-/g, '').slice(0, 8)})`
    const there = present.has(folder.toLowerCase()) ? await names(join(destination, folder)) : []
    const existing = new Set(there.map((n) => n.toLowerCase()))
    for (const file of job.outputFileNames ?? []) {
      const target = join(destination, folder, file)
      targets.set(target.toLowerCase(), existing.has(file.toLowerCase()) ? 'exists' : target)
    }
  }
  return targets.size
}

async function child(url: string, destination: string, stateDir: string): Promise<PlanningFigures> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(root, 'test/bench/planning-child.ts'), url, destination, stateDir],
    { cwd: root, maxBuffer: 16 * MiB }
  )
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as PlanningFigures
}

/**
 * The engine's preview and add of every output of a sandbox seeded with `--seed-jobs 50000` (about 52,700 files,
 * several for some jobs), into an empty destination with the default layout, in a process of its own (see
 * planning-child.ts). Ours: preview + add. Baseline: plainPlan twice (one for the preview, one for the add), in
 * the same run. The note has each half (target < 3 s each), the child's peak RSS growth (target < 200 MB), the
 * command line's `--dry-run` and the sandbox's seeding (target < 30 s).
 */
const row: BenchRow = {
  name: 'planning 52,677 files (preview + add of 50,000 jobs)',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'jq-bench-plan-'))
    const t0 = performance.now()
    const { url, child: sandbox } = await startSandboxProcess(join(dir, 'sandbox'), ['--seed-jobs', String(JOBS)])
    const seedS = (performance.now() - t0) / 1000
    try {
      const jobsUrl = `${serverUrls(url).jobQueue}/jobs`
      const base: number[] = []
      const ours: PlanningFigures[] = []
      for (let i = 0; i < 2; i++) {
        const destination = join(dir, `ours-${i}`)
        const state = join(dir, `state-${i}`)
        mkdirSync(destination)
        mkdirSync(state)
        ours.push(await child(url, destination, state))
        const plain = join(dir, `plain-${i}`)
        mkdirSync(plain)
        const b0 = performance.now()
        const files = await plainPlan(jobsUrl, plain)
        await plainPlan(jobsUrl, plain)
        base.push(performance.now() - b0)
        if (files !== ours[i]?.entries)
          throw new Error(`the baseline planned ${files} files, the engine ${ours[i]?.entries}`)
      }
      const best = ours.reduce((a, b) => (a.previewMs + a.addMs <= b.previewMs + b.addMs ? a : b))
      const c0 = performance.now()
      const cliDest = join(dir, 'cli')
      await run(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'main/downloads/cli.ts'),
          '--url',
          url,
          '--user',
          'reader',
          '--to',
          cliDest
        ].concat(['--data-dir', join(dir, 'cli-data'), '--dry-run']),
        { cwd: root, env: { ...process.env, JOBQUEUE_PASSWORD: 'reader-pass' }, maxBuffer: 64 * MiB }
      )
      const cliS = (performance.now() - c0) / 1000
      return {
        ours: best.previewMs + best.addMs,
        baseline: Math.min(...base),
        unit: 'ms (best of 2)',
        note:
          `${best.entries} files; preview ${best.previewMs.toFixed(0)} ms + add ${best.addMs.toFixed(0)} ms (< 3000 each); ` +
          `peak RSS growth ${(Math.max(...ours.map((o) => o.growthBytes)) / MiB).toFixed(0)} MiB (< 200); ` +
          `CLI --dry-run ${cliS.toFixed(1)} s with process start; sandbox start with seeding ${seedS.toFixed(1)} s (< 30); ` +
          'baseline = 2 × (curl GET /jobs + JSON.parse + readdir of the destination and its job folders + Map of lower-cased paths)'
      }
    } finally {
      sandbox.kill('SIGTERM')
      await new Promise((r) => sandbox.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export default row
