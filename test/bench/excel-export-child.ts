/**
 * One export measurement in a process of its own, so its memory is the export's alone:
 * `tsx test/bench/excel-export-child.ts ours|plain-csv|exceljs-buffered JOBS OUT` prints one JSON line.
 * Builds JOBS synthetic jobs in memory (the monitor's list), then writes the whole queue view to OUT.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import { performance } from 'node:perf_hooks'
import { tmpdir } from 'node:os'
import ExcelJS from 'exceljs'
import type { Job } from '../../common/domain'
import { emptyFilters } from '../../common/queue-view/filter'
import { columnIds } from '../../common/queue-view/sort'
import { queueRows } from '../../common/queue-view/rows'
import { systemClock } from '../../main/clock'
import { PathGate } from '../../main/files/path-gate'
import { PathGrants } from '../../main/files/path-grants'
import { QueueExporter } from '../../main/queue/exporter'
import { Logger, MemorySink } from '../../main/log'

export interface ExportFigures {
  ms: number
  rows: number
  /** Highest RSS sampled during the write (every 10 ms) less the RSS just before it. */
  growthBytes: number
  /** The process's peak RSS less the RSS before the write: an upper bound (the jobs' building may have peaked higher). */
  peakGrowthBytes: number
}

const [mode, count, out] = process.argv.slice(2)
if (!mode || !count || !out) throw new Error('usage: excel-export-child.ts MODE JOBS OUT')

function syntheticJobs(n: number): Job[] {
  const t0 = Date.UTC(2026, 10, 1)
  const types = ['ExcelImportJob', 'ExcelExportJob', 'TextImportJob'] as const
  return Array.from({ length: n }, (_, i): Job => {
    const submitted = t0 + i * 20_000
    const status = i % 17 === 0 ? 'Failed' : i % 23 === 0 ? 'Cancelled' : 'Succeeded'
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `Synthetic job ${i + 1}, "batch" ${i % 50}`,
      description: i % 4 === 0 ? null : `Load-test job ${i + 1}`,
      type: types[i % 3] ?? 'ExcelImportJob',
      otherType: null,
      status,
      otherStatus: null,
      submitterName: ['ana', 'ben', 'jane.doe'][i % 3] ?? 'ana',
      submitterRoles: ['MI_USER'],
      submissionDate: new Date(submitted).toISOString(),
      scheduledExecutionDate: i % 10 === 0 ? new Date(submitted + 60_000).toISOString() : null,
      executionDate: new Date(submitted + 30_000).toISOString(),
      completionDate: new Date(submitted + 34_000 + (i % 13) * 1000).toISOString(),
      position: null,
      inputFileIds: [],
      outputFileNames: [],
      outputs: {},
      summary: null
    }
  })
}

const jobs = syntheticJobs(Number(count))
const filter = emptyFilters()
const sort = { column: 'submitted' as const, direction: 'desc' as const }
;(globalThis as { gc?: () => void }).gc?.()
const before = process.memoryUsage().rss
let peak = before
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10)
const t0 = performance.now()
let rows: number
if (mode === 'ours') {
  const grants = new PathGrants({ file: null, log: () => {} })
  grants.grant(out, 'file', 'dialog')
  const exporter = new QueueExporter({
    jobs: () => jobs,
    username: () => null,
    defaultFolder: () => null,
    fallbackFolder: tmpdir(),
    gate: new PathGate(grants, { mode: 'accept' }),
    clock: systemClock,
    logger: new Logger(new MemorySink(), 'info')
  })
  rows = (await exporter.export({ format: 'xlsx', filter, sort, columns: [...columnIds], path: out })).rows
} else if (mode === 'exceljs-buffered') {
  // exceljs's ordinary (non-streaming) writer: the whole workbook in memory, then written.
  const list = queueRows(jobs, filter, sort, { username: null, now: new Date() })
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('Queue')
  sheet.columns = [
    { header: 'Name' },
    { header: 'Status' },
    { header: 'Submitted (UTC)', style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } }
  ]
  for (const j of list) sheet.addRow([j.name, j.status, new Date(j.submissionDate)])
  await wb.xlsx.writeFile(out)
  rows = list.length
} else {
  // The least a CSV export does: the same rows, one template string each, into a plain write stream.
  const stream = createWriteStream(out)
  const list = queueRows(jobs, filter, sort, { username: null, now: new Date() })
  stream.write('Name,Status,Submitted\r\n')
  for (const j of list) {
    if (!stream.write(`"${j.name.replace(/"/g, '""')}",${j.status},${j.submissionDate}\r\n`))
      await once(stream, 'drain')
  }
  stream.end()
  await finished(stream)
  rows = list.length
}
const ms = performance.now() - t0
clearInterval(sampler)
peak = Math.max(peak, process.memoryUsage().rss)
const figures: ExportFigures = {
  ms,
  rows,
  growthBytes: peak - before,
  peakGrowthBytes: process.resourceUsage().maxRSS * 1024 - before
}
process.stdout.write(JSON.stringify(figures) + '\n')
