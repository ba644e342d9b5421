import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import ExcelJS from 'exceljs'
import type { ExportFigures } from '../excel-export-child'
import type { BenchRow } from '../run'

const JOBS = 100_000
const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../../..')
const MiB = 1024 * 1024

async function child(mode: 'ours' | 'plain-csv' | 'exceljs-buffered', out: string): Promise<ExportFigures> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(root, 'test/bench/excel-export-child.ts'), mode, String(JOBS), out],
    { cwd: root, maxBuffer: 16 * MiB }
  )
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as ExportFigures
}

/** Data rows of an xlsx file, read back with exceljs's streaming reader. */
async function dataRows(path: string): Promise<number> {
  let rows = 0
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {})
  for await (const sheet of reader) for await (const _row of sheet) rows++
  return rows - 1
}

/**
 * The queue export of 100,000 jobs (every column, sorted by submission) to xlsx through the app's exporter, in a
 * process of its own (memory growth must stay under 150 MB). Baseline: the same rows, three fields each, written as
 * CSV to a plain fs write stream, in the same run (and, for scale, exceljs's non-streaming writer with three columns).
 * The file is read back and its rows counted.
 */
const row: BenchRow = {
  name: 'excel export of 100,000 jobs (streaming xlsx)',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'jq-bench-export-'))
    try {
      const xlsx = join(dir, 'queue.xlsx')
      const ours = await child('ours', xlsx)
      const plain = await child('plain-csv', join(dir, 'plain.csv'))
      const buffered = await child('exceljs-buffered', join(dir, 'buffered.xlsx'))
      const read = await dataRows(xlsx)
      if (ours.rows !== JOBS || read !== JOBS)
        throw new Error(`wrote ${ours.rows} rows, read back ${read}, wanted ${JOBS}`)
      const growth = ours.growthBytes / MiB
      if (growth >= 150) throw new Error(`memory grew ${growth.toFixed(0)} MiB (limit 150)`)
      return {
        ours: ours.ms,
        baseline: plain.ms,
        unit: 'ms',
        note:
          `${read} rows read back; ${(statSync(xlsx).size / MiB).toFixed(1)} MiB file; RSS growth ${growth.toFixed(0)} MiB ` +
          `sampled (< 150), ${(ours.peakGrowthBytes / MiB).toFixed(0)} MiB by peak RSS; ` +
          `baseline = same rows as 3-field CSV to a plain fs stream (${(plain.growthBytes / MiB).toFixed(0)} MiB growth); ` +
          `for scale, exceljs's non-streaming writer, 3 columns: ${buffered.ms.toFixed(0)} ms, ${(buffered.growthBytes / MiB).toFixed(0)} MiB growth`
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export default row
