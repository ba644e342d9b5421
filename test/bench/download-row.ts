import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { DownloadEngine } from '../../main/downloads/engine'
import { connect } from '../../main/granta'
import { listFiles, seedOutputJobs, sha256File } from '../main/downloads/fixtures'
import type { BenchRow } from './run'
import { pinServerApart } from './cpu-pinning'
import { ownCpu } from './own-cpu'
import { endedChildrenCpuMs, processCpuMs, startSandboxProcess } from './sandbox-process'

const FILES = 200
const SIZE = 5 * 1024 * 1024
const PARALLEL = 4
const MiB = 1024 * 1024
const run = promisify(execFile)

const pct = (xs: number[]) => xs.map((x) => `${(x * 100).toFixed(0)}%`).join('/')
const each = (xs: number[]) => xs.map((x) => x.toFixed(0)).join('/')

/**
 * Where the files go. `disk`: a folder on the disk, where the engine fsyncs every file before renaming it into
 * place, so curl's time includes `sync -d` of its files (the same durable end state; its time without the sync is
 * in the note). `memory`: a folder in /dev/shm, where neither writes to the disk, so only the HTTP path is compared.
 */
export type DownloadTarget = 'disk' | 'memory'

function destinationRoot(target: DownloadTarget, dir: string): string {
  if (target === 'disk') return dir
  if (!existsSync('/dev/shm')) throw new Error('this row needs a memory-backed /dev/shm')
  return mkdtempSync(join('/dev/shm', 'jq-bench-dl-'))
}

/**
 * 200 output files of 5 MiB each, downloaded from the sandbox (in another process) by the download engine with
 * 4 at a time, against `curl --parallel --parallel-max 4` fetching the same URLs into another folder in the same
 * run. Best of three runs each, alternating. Throughput in MiB/s: higher is better (targets: ≥ 1.0× curl with the
 * server pinned to a core of its own, ≥ 0.9× unpinned). The note
 * gives this process's peak RSS growth while the engine ran (target < 100 MB).
 */
export function downloadRow(target: DownloadTarget, pinned: boolean): BenchRow {
  return {
    name: `download ${FILES} files × 5 MiB (${PARALLEL} at a time) to ${target === 'disk' ? 'disk, fsynced' : 'memory (/dev/shm)'}, ${pinned ? 'pinned' : 'unpinned'}`,
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'jq-bench-dl-'))
      const sbDir = join(dir, 'sandbox')
      const seeded = await seedOutputJobs(
        sbDir,
        Array.from({ length: FILES / 2 }, (_, i) => ({
          name: `Bench export ${i}`,
          outputs: [
            { name: `export ${i}.xlsx`, size: SIZE },
            { name: `export ${i}.zip`, size: SIZE }
          ]
        }))
      )
      const { url, child } = await startSandboxProcess(sbDir)
      const pinning = pinned
        ? pinServerApart(child.pid ?? 0)
        : { undo: () => {}, note: 'not pinned: server, ours and curl share every core' }
      const root = destinationRoot(target, dir)
      try {
        const client = await connect({ url, auth: { kind: 'basic', username: 'writer', password: 'writer-pass' } })
        const jobIds = [...new Set(seeded.map((s) => s.jobId))]
        const total = FILES * SIZE

        const unsynced: number[] = []
        // Share of each run's wall time the sandbox (and our process) spent on a CPU: who waits on whom.
        const busy = { curl: [] as number[], ours: [] as number[], client: [] as number[] }
        // CPU per GiB moved, in ms: curl's own, and ours with the part of it V8's collections took.
        const perGiB = { curl: [] as number[], ours: [] as number[], gc: [] as number[], fullGcs: [] as number[] }
        const gib = total / 1024 / MiB
        const curlOnce = async (n: number): Promise<number> => {
          const out = join(root, `curl-${n}`)
          const files = seeded.map((_, i) => join(out, `${i}.bin`))
          const config = join(dir, `curl-${n}.cfg`)
          writeFileSync(
            config,
            seeded
              .map((s, i) => {
                const u = `${client.urls.jobQueue}/jobs/${s.jobId}/outputs:export?fileName=${encodeURIComponent(s.name)}`
                return `url = "${u}"\noutput = "${files[i]}"\n`
              })
              .join('')
          )
          const s0 = processCpuMs(child.pid) ?? NaN
          const k0 = endedChildrenCpuMs() ?? NaN
          const t0 = performance.now()
          await run(
            'curl',
            [
              '--silent',
              '--show-error',
              '--fail',
              '--create-dirs',
              '--parallel',
              '--parallel-max',
              String(PARALLEL),
              '-u',
              'writer:writer-pass',
              '-K',
              config
            ],
            {
              maxBuffer: 16 * MiB
            }
          )
          unsynced.push(total / MiB / ((performance.now() - t0) / 1000))
          busy.curl.push(((processCpuMs(child.pid) ?? NaN) - s0) / (performance.now() - t0))
          perGiB.curl.push(((endedChildrenCpuMs() ?? NaN) - k0) / gib)
          if (target === 'disk') await run('sync', ['--data', ...files])
          const s = (performance.now() - t0) / 1000
          rmSync(out, { recursive: true, force: true })
          return total / MiB / s
        }

        let rssGrowth = 0
        const oursOnce = async (n: number): Promise<number> => {
          const dest = join(root, `ours-${n}`)
          const engine = new DownloadEngine({
            dataDir: join(dir, `state-${n}`),
            clients: () => client,
            onProgress: () => {}
          })
          await engine.start()
          await engine.updateSettings({ concurrency: PARALLEL })
          const rssBefore = process.memoryUsage.rss()
          let rssPeak = rssBefore
          const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 10)
          const s0 = processCpuMs(child.pid) ?? NaN
          const meter = ownCpu()
          const t0 = performance.now()
          await engine.add({
            connectionId: 'bench',
            source: { kind: 'jobs', jobIds },
            destination: dest,
            template: '{jobName} ({jobIdShort})/{fileName}',
            collision: 'overwrite'
          })
          await engine.whenIdle()
          const s = (performance.now() - t0) / 1000
          const used = meter.stop()
          perGiB.ours.push(used.cpuMs / gib)
          perGiB.gc.push(used.gcMs / gib)
          perGiB.fullGcs.push(used.fullGcs / gib)
          busy.ours.push(((processCpuMs(child.pid) ?? NaN) - s0) / (s * 1000))
          busy.client.push(used.cpuMs / (s * 1000))
          clearInterval(sampler)
          rssGrowth = Math.max(rssGrowth, rssPeak - rssBefore)
          const notDone = engine.itemsOf().filter((i) => i.state !== 'done')
          await engine.close()
          if (notDone.length)
            throw new Error(`${notDone.length} downloads did not finish: ${notDone[0]?.error?.message}`)
          if (n === 0) {
            // Correctness once: every file is there and a sample has the server's hash.
            if ((await listFiles(dest)).length !== FILES) throw new Error('not every file arrived')
            for (const item of engine.itemsOf().slice(0, 10)) {
              const want = seeded.find((x) => x.jobId === item.jobId && x.name === item.fileName)
              if ((await sha256File(item.targetPath)) !== want?.sha256)
                throw new Error(`${item.relativePath} differs from the server's file`)
            }
          }
          rmSync(dest, { recursive: true, force: true })
          return total / MiB / s
        }

        const curl: number[] = []
        const ours: number[] = []
        for (let n = 0; n < 3; n++) {
          curl.push(await curlOnce(n))
          ours.push(await oursOnce(n))
        }
        client.close()
        return {
          ours: Math.max(...ours),
          baseline: Math.max(...curl),
          unit: 'MiB/s',
          note: `${pinning.note}; curl --parallel-max ${PARALLEL}${target === 'disk' ? ` then sync --data (without the sync: best ${Math.max(...unsynced).toFixed(0)} MiB/s)` : ''}; runs ours ${each(ours)}, curl ${each(curl)}; sandbox CPU per wall second: ours ${pct(busy.ours)}, curl ${pct(busy.curl)} (curl's without its sync); our process ${pct(busy.client)}; CPU per GiB: ours ${each(perGiB.ours)} ms (V8 collections ${each(perGiB.gc)} ms, ${each(perGiB.fullGcs)} full ones), curl ${each(perGiB.curl)} ms; peak RSS growth ${(rssGrowth / MiB).toFixed(1)} MiB (target < 100)`
        }
      } finally {
        pinning.undo()
        const exited = new Promise((r) => child.once('exit', r))
        child.kill()
        await exited
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
        if (root !== dir) rmSync(root, { recursive: true, force: true, maxRetries: 3 })
      }
    }
  }
}
