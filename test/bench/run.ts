/**
 * `npm run bench`: runs every row module in test/bench/rows/*.ts and prints one table.
 * A row measures our code against a baseline measured in the same run, on the same machine.
 */
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
const only = process.argv.slice(2)

const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2))

async function main(): Promise<void> {
  const files = readdirSync(rowsDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
  const lines: string[][] = [['row', 'ours', 'baseline', 'unit', 'ratio', 'note']]
  let failed = false
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(rowsDir, file)).href)) as { default: BenchRow }
    const row = mod.default
    if (only.length && !only.some((o) => row.name.includes(o) || file.includes(o))) continue
    process.stderr.write(`running: ${row.name}\n`)
    try {
      const r = await row.run()
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

await main()
