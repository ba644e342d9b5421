import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../../main/sandbox/index'
import { listFiles, seedOutputJobs, sha256File, type SeededOutput } from './fixtures'

const source = fileURLToPath(new URL('./crash-child.ts', import.meta.url))
// Bundled once, so each of the 21 starts costs a plain node start (under load, tsx doubled it). It sits in
// node_modules/.cache so that its package imports resolve.
const child = fileURLToPath(new URL('../../../node_modules/.cache/jq-downloads-crash-child.mjs', import.meta.url))
const dirs: string[] = []
let sandbox: Sandbox | undefined
beforeAll(async () => {
  const { build } = await import('esbuild')
  await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: child,
    logLevel: 'error'
  })
})
afterAll(async () => {
  await sandbox?.stop()
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

async function tempDir(prefix: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix))
  dirs.push(d)
  return d
}

/** Starts the child; resolves with it once it prints READY (the engine runs). */
function startChild(args: string[]): {
  proc: ChildProcess
  ready: Promise<void>
  exit: Promise<{ code: number | null; out: string }>
} {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  let onReady: () => void = () => {}
  const ready = new Promise<void>((r) => (onReady = r))
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString()
    if (out.includes('READY')) onReady()
  })
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const exit = new Promise<{ code: number | null; out: string }>((resolve) =>
    proc.on('exit', (code) => resolve({ code, out: out + err }))
  )
  void exit.then(() => onReady())
  return { proc, ready, exit }
}

/** Every file at a final path is complete and correct; parts are the only other files. */
async function checkNoCorruptFinal(
  dest: string,
  expected: Map<string, SeededOutput>
): Promise<{ finals: number; parts: number }> {
  let finals = 0
  let parts = 0
  for (const f of await listFiles(dest)) {
    if (f.endsWith('.part')) {
      parts++
      expect(expected.has(f.slice(0, -'.part'.length)), `unexpected part ${f}`).toBe(true)
      continue
    }
    const want = expected.get(f)
    expect(want, `unexpected file at a final path: ${f}`).toBeDefined()
    expect(await sha256File(join(dest, f)), `truncated or corrupt file at ${f}`).toBe(want?.sha256)
    finals++
  }
  return { finals, parts }
}

describe('crash safety', () => {
  it('survives 20 SIGKILLs at random moments: the batch completes, never a part or truncated file at a final path', async () => {
    const sbDir = await tempDir('jq-crash-sb-')
    const specs = Array.from({ length: 50 }, (_, i) => ({
      name: `Crash ${i}`,
      outputs: [
        { name: `data ${i}.bin`, size: 100_000 + ((i * 104_729) % 1_400_000) },
        { name: `small ${i}.log`, size: 10 + i * 37 }
      ]
    }))
    const seeded = await seedOutputJobs(sbDir, specs)
    sandbox = await startSandbox({ port: 0, dataDir: sbDir, faults: { seed: 5, bandwidth: 6 * 1024 * 1024 } })
    const dataDir = await tempDir('jq-crash-data-')
    const dest = await tempDir('jq-crash-dest-')
    const expected = new Map(seeded.map((s) => [`${s.jobId}/${s.name}`, s]))
    const args = [dataDir, dest, sandbox.url, [...new Set(seeded.map((s) => s.jobId))].join(',')]

    const delays: number[] = []
    const progress: number[] = []
    for (let kill = 0; kill < 20; kill++) {
      const run = startChild(args)
      await run.ready
      const delay = 20 + Math.floor(Math.random() * 300)
      delays.push(delay)
      await new Promise((r) => setTimeout(r, delay))
      run.proc.kill('SIGKILL')
      const { code, out } = await run.exit
      if (code !== null) expect(out, `child exited by itself at kill ${kill}`).toContain('DONE')
      const { finals } = await checkNoCorruptFinal(dest, expected)
      progress.push(finals)
    }
    const last = startChild(args)
    const { code, out } = await last.exit
    expect(out, `delays ${delays.join(',')}`).toContain('DONE')
    expect(code).toBe(0)
    const end = await checkNoCorruptFinal(dest, expected)
    expect(end).toEqual({ finals: 100, parts: 0 })
    // The kills landed while there was work left: progress was made across several runs.
    expect(progress.filter((n) => n < 100).length).toBeGreaterThan(5)
  }, 600_000)
})
