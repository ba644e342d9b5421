/**
 * `npm run bench`: runs every row module in test/bench/rows/*.ts and prints one table.
 * A row measures our code against a baseline measured in the same run, on the same machine.
 * Each row runs in a process of its own (`--row FILE`), so that no row inherits the heap another left behind: a
 * 60 MiB heap from the Queue view rows made the upload row's collections several times dearer.
 */
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join } from 'node:path'

export interface BenchResult {
  ours: number
  baseline: number
  unit: string
  note?: string
}
export interface BenchRow {
  name: string
  run(): Promise<BenchResult>
}

const rowsDir = fileURLToPath(new URL('./rows', import.meta.url))
const RESULT = 'bench-row-result: '

const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2))

async function load(file: string): Promise<BenchRow> {
  return ((await import(pathToFileURL(join(rowsDir, file)).href)) as { default: BenchRow }).default
}

/** In the row's own process: runs it and prints its result (or its error) as one line. */
async function runHere(file: string): Promise<void> {
  const row = await load(file)
  try {
    process.stdout.write(`${RESULT}${JSON.stringify({ ok: true, result: await row.run() })}\n`)
  } catch (e) {
    process.stdout.write(
      `${RESULT}${JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) })}\n`
    )
  }
}

/** Runs one row in a new process and reads its result line. */
function runApart(file: string): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--row', file], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    child.stdout.on('data', (b: Buffer) => (out += b.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT))
      if (!line) return reject(new Error(`the row's process ended (code ${code}) without a result`))
      const said = JSON.parse(line.slice(RESULT.length)) as
        { ok: true; result: BenchResult } | { ok: false; error: string }
      if (said.ok) resolve(said.result)
      else reject(new Error(said.error))
    })
  })
}

async function main(only: string[]): Promise<void> {
  const files = readdirSync(rowsDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
  const lines: string[][] = [['row', 'ours', 'baseline', 'unit', 'ratio', 'note']]
  let failed = false
  for (const file of files) {
    const row = await load(file)
    if (only.length && !only.some((o) => row.name.includes(o) || file.includes(o))) continue
    process.stderr.write(`running: ${row.name}\n`)
    try {
      const r = await runApart(file)
      lines.push([row.name, fmt(r.ours), fmt(r.baseline), r.unit, `${(r.ours / r.baseline).toFixed(2)}x`, r.note ?? ''])
    } catch (e) {
      failed = true
      lines.push([row.name, '-', '-', '-', '-', `FAILED: ${e instanceof Error ? e.message : String(e)}`])
    }
  }
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length))) ?? []
  const render = (l: string[]): string => `| ${l.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  console.log(render(lines[0] ?? []))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const l of lines.slice(1)) console.log(render(l))
  if (failed) process.exitCode = 1
}

const args = process.argv.slice(2)
const rowAt = args.indexOf('--row')
if (rowAt >= 0) await runHere(args[rowAt + 1] ?? '')
else await main(args)
