import { execFile } from 'node:child_process'
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { connect } from '../../../main/granta'
import { DraftService } from '../../../main/drafts/draft-service'
import { DraftSubmitter } from '../../../main/drafts/submission'
import type { BenchRow } from '../run'
import { ownCpu } from '../own-cpu'
import { processCpuMs, startSandboxProcess } from '../sandbox-process'

const SIZE = 512 * 1024 * 1024
const RUNS = 3
const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../../..')
const assets = resolve(root, 'assets/sandbox')
const MiB = 1024 * 1024

/** A data file of `size` bytes: sparse, so making it costs nothing, but every byte is read and sent. */
function bigFile(path: string, size: number): void {
  const fd = openSync(path, 'w')
  writeSync(fd, 'Specimen data, benchmark file\n')
  ftruncateSync(fd, size)
  closeSync(fd)
}

const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join('/')
const pairs = (wall: number[], cpu: number[]) =>
  wall.map((w, i) => `${w.toFixed(0)}/${(cpu[i] ?? NaN).toFixed(0)}`).join(', ')

/**
 * Submitting a draft whose data file is 512 MiB: the file is streamed from disk to the sandbox
 * (in another process) while this process's RSS is sampled. Baseline: `curl -F` uploading the same
 * file to the same `/files` endpoint in the same run. Throughput in MiB/s: higher is better.
 */
const row: BenchRow = {
  name: 'submit a draft with a 512 MiB data file (upload)',
  async run() {
    // In memory where there is /dev/shm: the sandbox writes each upload to its folder, and on a shared disk the
    // write-back of those gigabytes, not the upload, decided both sides' times (0.4-0.8x from run to run).
    const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'jq-bench-upload-'))
    const { url, child } = await startSandboxProcess(join(dir, 'sandbox'))
    try {
      const client = await connect({ url, auth: { kind: 'basic', username: 'writer', password: 'writer-pass' } })
      const data = join(dir, 'big_data.txt')
      bigFile(data, SIZE)
      const drafts = new DraftService({ dataDir: join(dir, 'app') })
      const submitter = new DraftSubmitter({ drafts, getClient: () => client })
      // Scheduled for tomorrow, so the sandbox does not start importing 512 MiB while we measure.
      const draft = await drafts.create({
        type: 'TextImportJob',
        name: 'Bench upload',
        description: null,
        scheduledExecutionDate: new Date(Date.now() + 86_400_000).toISOString(),
        template: { path: join(assets, 'text_import_template.xml') },
        data: [{ path: data }]
      })
      if (draft.state !== 'ready') throw new Error(`the draft is not ready: ${draft.reasons[0]?.message}`)

      const rssBefore = process.memoryUsage.rss()
      let rssPeak = rssBefore
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 10)
      const ours: number[] = []
      const base: number[] = []
      // CPU per run of the sandbox (it receives and stores the bytes) and of this process, to show who waits on whom.
      const cpu = { serverOurs: [] as number[], serverCurl: [] as number[], client: [] as number[] }
      // V8's collections in this process per run: a run whose CPU is several times the others' has many full ones.
      const gcs: string[] = []
      const serverCpu = () => processCpuMs(child.pid) ?? NaN
      // Alternate, and keep the best of each: this machine is shared, and a slow run says little.
      for (let i = 0; i < RUNS; i++) {
        const copy = i === 0 ? draft : await drafts.duplicate(draft.id)
        const s0 = serverCpu()
        const meter = ownCpu()
        const t0 = performance.now()
        const result = await submitter.submit([copy.id]).done
        ours.push(performance.now() - t0)
        const used = meter.stop()
        gcs.push(`${used.gcMs.toFixed(0)} ms/${used.fullGcs}`)
        cpu.client.push(used.cpuMs)
        cpu.serverOurs.push(serverCpu() - s0)
        const outcome = result.results[0]
        if (outcome?.outcome !== 'submitted')
          throw new Error(`the submission failed: ${outcome?.error?.message ?? outcome?.outcome}`)

        const s1 = serverCpu()
        const t1 = performance.now()
        const { stdout } = await run(
          'curl',
          ['-sf', '--user', 'writer:writer-pass', '-F', `file=@${data}`, `${client.urls.jobQueue}/files`],
          {
            encoding: 'utf8'
          }
        )
        base.push(performance.now() - t1)
        cpu.serverCurl.push(serverCpu() - s1)
        if (stdout.trim() === '') throw new Error('curl got no file id')
      }
      clearInterval(sampler)
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss())
      client.close()
      const oursMs = Math.min(...ours)
      const curlMs = Math.min(...base)

      const growth = (rssPeak - rssBefore) / MiB
      return {
        ours: SIZE / MiB / (oursMs / 1000),
        baseline: SIZE / MiB / (curlMs / 1000),
        unit: 'MiB/s (higher is better)',
        note:
          `peak RSS growth ${growth.toFixed(1)} MiB (target < 64); best of ${RUNS}; ours = whole submission (2 uploads + create job), curl = the data file alone; ` +
          `runs (wall / sandbox CPU, ms): ours ${pairs(ours, cpu.serverOurs)} (our CPU ${list(cpu.client)}; V8 collections, time/full ones: ${gcs.join(', ')}), curl ${pairs(base, cpu.serverCurl)}`
      }
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export default row
