import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import got from 'got'
import { startSandbox } from '../../../main/sandbox'
import type { BenchRow } from '../run'

const JOBS = 10_000
const RUNS = 9

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? Number.NaN
}

async function timeGet(url: string, headers: Record<string, string>): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now()
  const body = await got(url, { headers, responseType: 'buffer', retry: { limit: 0 } }).buffer()
  return { ms: performance.now() - t0, bytes: body.length }
}

/**
 * GET /jobs with no paging on a sandbox holding 10,000 finished jobs (auth, filtering, positions,
 * JSON serialisation, HTTP), against a bare node:http server that answers the very same bytes from
 * memory — the cost of moving that much JSON over loopback with the same client (got).
 */
const row: BenchRow = {
  name: 'GET /jobs, 10,000 jobs',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'jq-bench-'))
    const seedStart = performance.now()
    const sandbox = await startSandbox({
      dataDir: dir,
      port: 0,
      seedJobs: JOBS,
      processing: { pollingIntervalMs: 3_600_000 }
    })
    const seedMs = performance.now() - seedStart
    const url = `${sandbox.apiUrl}/v1alpha/job-queue/jobs`
    const auth = { authorization: `Basic ${Buffer.from('reader:reader-pass').toString('base64')}` }
    const reference = await got(url, { headers: auth, responseType: 'buffer' }).buffer()
    const total = (JSON.parse(reference.toString()) as { totalResultCount: number }).totalResultCount
    if (total !== JOBS) throw new Error(`expected ${JOBS} jobs, got ${total}`)

    const staticServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': reference.length })
      res.end(reference)
    })
    await new Promise<void>((resolve) => staticServer.listen(0, '127.0.0.1', resolve))
    const address = staticServer.address()
    const staticUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/jobs`

    const ours: number[] = []
    const base: number[] = []
    try {
      for (let i = 0; i < 2; i++) {
        await timeGet(url, auth)
        await timeGet(staticUrl, {})
      }
      for (let i = 0; i < RUNS; i++) {
        ours.push((await timeGet(url, auth)).ms)
        base.push((await timeGet(staticUrl, {})).ms)
      }
    } finally {
      await sandbox.stop()
      await new Promise((resolve) => staticServer.close(resolve))
      rmSync(dir, { recursive: true, force: true })
    }
    return {
      ours: median(ours),
      baseline: median(base),
      unit: 'ms (median of 9)',
      note: `${(reference.length / 1024 / 1024).toFixed(1)} MiB body; baseline = node:http serving the same bytes from memory; seeding ${JOBS} jobs took ${(seedMs / 1000).toFixed(1)} s`
    }
  }
}

export default row
