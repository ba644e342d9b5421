/**
 * One large-queue measurement in a process of its own, so its peak RSS is the monitor's alone:
 * `tsx test/bench/queue-child.ts URL CACHE_DIR` prints one JSON line. Connects as `reader` and watches the
 * whole queue as the app does: the first page on screen, the full list, then polls for changes.
 */
import { performance } from 'node:perf_hooks'
import { connect } from '../../main/granta'
import { QueueCache } from '../../main/queue/cache'
import { QueueMonitor } from '../../main/queue/monitor'
import { memoryLogger } from '../helpers/logger'

export interface QueueFigures {
  firstPageMs: number
  /** Until every job was on screen (the renderer's copy held them all). */
  allShownMs: number
  /** Until the first poll ended, the copy on disk written. */
  fullMs: number
  jobs: number
  /** Mean of the change polls after the full list. */
  changePollMs: number
  /** Peak RSS of this process less its RSS before watching. */
  growthBytes: number
}

const CHANGE_POLLS = 10
const JOBS = 50_000
const [url, cacheDir] = process.argv.slice(2)
if (!url || !cacheDir) throw new Error('usage: queue-child.ts URL CACHE_DIR')

const client = await connect({ url, auth: { kind: 'basic', username: 'reader', password: 'reader-pass' } })
let shown = 0
let firstPageAt: number | null = null
let allShownAt: number | null = null
const monitor = new QueueMonitor({
  cache: new QueueCache(cacheDir, memoryLogger().logger),
  emit: (delta) => {
    shown = (delta.reset ? 0 : shown) + delta.added.length - delta.removed.length
    if (shown > 0) firstPageAt ??= performance.now()
    if (shown >= JOBS) allShownAt ??= performance.now()
  },
  fastMs: 3_600_000,
  slowMs: 3_600_000
})
const rssBefore = process.memoryUsage().rss
const t0 = performance.now()
await monitor.watch({ connectionId: 'bench', username: 'reader', client })
const fullMs = performance.now() - t0
const jobs = monitor.peek().jobs.length
const p0 = performance.now()
for (let i = 0; i < CHANGE_POLLS; i++) await monitor.refresh()
const changePollMs = (performance.now() - p0) / CHANGE_POLLS
const figures: QueueFigures = {
  firstPageMs: (firstPageAt ?? Number.NaN) - t0,
  allShownMs: (allShownAt ?? Number.NaN) - t0,
  fullMs,
  jobs,
  changePollMs,
  growthBytes: process.resourceUsage().maxRSS * 1024 - rssBefore
}
monitor.dispose()
client.close()
process.stdout.write(JSON.stringify(figures) + '\n')
