/**
 * One measurement of the live queue in a process of its own, so its memory is the monitor's alone:
 * `tsx test/bench/queue-child.ts URL CACHE_DIR ASSETS_DIR` prints one JSON line.
 * Connects as `writer`, watches the queue with the app's defaults, then submits a few jobs and times poll cycles.
 */
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { connect } from '../../main/granta'
import { QueueCache } from '../../main/queue/cache'
import { QueueMonitor } from '../../main/queue/monitor'
import { memoryLogger } from '../helpers/logger'

export interface QueueFigures {
  firstPageMs: number
  firstPageJobs: number
  fullListMs: number
  jobs: number
  /** Until `watch()` resolved: the full list plus the cache's first whole write. */
  watchMs: number
  /** Response body bytes of each poll cycle while jobs were pending or running. */
  bytesPerCycle: number[]
  /** Peak RSS of this process less its RSS just before watching: an upper bound of the growth. */
  growthBytes: number
}

const CYCLES = 5
const [url, cacheDir, assets, expected] = process.argv.slice(2)
if (!url || !cacheDir || !assets || !expected) throw new Error('usage: queue-child.ts URL CACHE_DIR ASSETS_DIR JOBS')

let bytes = 0
const client = await connect(
  { url, auth: { kind: 'basic', username: 'writer', password: 'writer-pass' } },
  { onRequest: (r) => (bytes += r.bytes) }
)
const held = new Map<string, true>()
let firstPageMs = 0
let firstPageJobs = 0
let fullListMs = 0
let t0 = 0
const monitor = new QueueMonitor({
  cache: new QueueCache(cacheDir, memoryLogger().logger),
  emit: (d) => {
    if (d.reset) held.clear()
    for (const j of d.added) held.set(j.id, true)
    for (const id of d.removed) held.delete(id)
    const at = performance.now() - t0
    if (!firstPageMs && d.source === 'server' && held.size > 0) {
      firstPageMs = at
      firstPageJobs = held.size
    }
    if (!fullListMs && held.size >= Number(expected)) fullListMs = at
  },
  // The bench drives the polls.
  fastMs: 3_600_000,
  slowMs: 3_600_000
})
const rssBefore = process.memoryUsage().rss
t0 = performance.now()
await monitor.watch({ connectionId: 'bench', username: 'writer', client })
const watchMs = performance.now() - t0
await new Promise((r) => setTimeout(r, 200)) // the last throttled delta
for (let i = 0; i < 3; i++) {
  await client.createJob({
    type: 'TextImportJob',
    name: `Bench job ${i}`,
    description: 'queue bench',
    template: { path: join(assets, 'text_import_template.xml') },
    data: [{ path: join(assets, 'example_data.txt') }],
    attachments: []
  })
}
const bytesPerCycle: number[] = []
for (let i = 0; i < CYCLES; i++) {
  const before = bytes
  await monitor.refresh()
  bytesPerCycle.push(bytes - before)
}
const figures: QueueFigures = {
  firstPageMs,
  firstPageJobs,
  fullListMs,
  jobs: held.size,
  watchMs,
  bytesPerCycle,
  growthBytes: process.resourceUsage().maxRSS * 1024 - rssBefore
}
monitor.dispose()
client.close()
process.stdout.write(JSON.stringify(figures) + '\n')
