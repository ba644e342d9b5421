/**
 * One planning measurement in a process of its own, so its peak RSS is the engine's alone:
 * `tsx test/bench/planning-child.ts URL DESTINATION STATE_DIR` prints one JSON line.
 * Connects as `reader`, then times the engine's preview and add of every job's outputs into DESTINATION.
 */
import { performance } from 'node:perf_hooks'
import { DEFAULT_LAYOUT_TEMPLATE } from '../../common/downloads'
import { DownloadEngine } from '../../main/downloads/engine'
import { connect } from '../../main/granta'

export interface PlanningFigures {
  previewMs: number
  addMs: number
  entries: number
  existing: number
  items: number
  /** Peak RSS of this process less its RSS just before the preview: an upper bound of the growth. */
  growthBytes: number
}

const [url, destination, stateDir] = process.argv.slice(2)
if (!url || !destination || !stateDir) throw new Error('usage: planning-child.ts URL DESTINATION STATE_DIR')

const client = await connect({ url, auth: { kind: 'basic', username: 'reader', password: 'reader-pass' } })
// The client serves planning only: queued items then wait as "offline" instead of downloading.
let planning = true
const engine = new DownloadEngine({ dataDir: stateDir, clients: () => (planning ? client : undefined) })
await engine.start()
const request = {
  connectionId: 'bench',
  source: { kind: 'filter' as const, filter: {} },
  destination,
  template: DEFAULT_LAYOUT_TEMPLATE,
  collision: 'skip-same-size' as const
}
const rssBefore = process.memoryUsage().rss
const t0 = performance.now()
const preview = await engine.preview(request)
const t1 = performance.now()
// Counted now, so the preview (which the app hands to the window and forgets) is not kept through the add.
const entries = preview.entries.length
const existing = preview.entries.filter((e) => e.exists).length
preview.entries.length = 0
const added = await engine.add(request)
const t2 = performance.now()
planning = false
const figures: PlanningFigures = {
  previewMs: t1 - t0,
  addMs: t2 - t1,
  entries,
  existing,
  items: added.items,
  growthBytes: process.resourceUsage().maxRSS * 1024 - rssBefore
}
await engine.close()
client.close()
process.stdout.write(JSON.stringify(figures) + '\n')
