import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import net from 'node:net'
import { connect } from '../../../main/granta/connect'
import type { GrantaClient } from '../../../main/granta/client'
import { JobStore } from '../../../main/sandbox/jobs/job-store'
import type { StoredJob } from '../../../main/sandbox/jobs/job-model'

/** Finished jobs with output files of chosen sizes, written into a sandbox data folder before it starts. */
export interface OutputSpec {
  name: string
  size: number
}
export interface JobSpec {
  name: string
  outputs: OutputSpec[]
}
export interface SeededOutput {
  jobId: string
  jobName: string
  name: string
  size: number
  sha256: string
}

/** Writes `size` random bytes to `path`; returns their SHA-256. */
export async function writeRandomFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256')
  const handle = await open(path, 'w')
  try {
    for (let left = size; left > 0;) {
      const chunk = randomBytes(Math.min(left, 1024 * 1024))
      hash.update(chunk)
      await handle.write(chunk)
      left -= chunk.length
    }
  } finally {
    await handle.close()
  }
  return hash.digest('hex')
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

function storedJob(id: string, name: string, completed: Date): StoredJob {
  return {
    id,
    name,
    description: null,
    type: 'ExcelExportJob',
    status: 'Succeeded',
    submitterName: 'writer',
    submitterRoles: ['MI_POWER_USER', 'MI_USER'],
    submissionDate: new Date(completed.getTime() - 60_000).toISOString(),
    scheduledExecutionDate: null,
    executionDate: new Date(completed.getTime() - 30_000).toISOString(),
    completionDate: completed.toISOString(),
    inputFileIds: [],
    files: [],
    outputs: [],
    jobSpecificOutputs: { summary: JSON.stringify({ ExportedRecords: 1, Errors: [] }) },
    definition: { name, description: null, type: 'ExcelExportJob', inputFileIds: [], parameters: '{}' }
  }
}

/** Seeds the sandbox's job store (call before startSandbox, or with the sandbox stopped). */
export async function seedOutputJobs(dataDir: string, specs: readonly JobSpec[]): Promise<SeededOutput[]> {
  const store = new JobStore(dataDir, () => {})
  await store.load()
  const out: SeededOutput[] = []
  const jobs: StoredJob[] = []
  let n = 0
  for (const spec of specs) {
    const job = storedJob(randomUUID(), spec.name, new Date(Date.UTC(2026, 10, 27, 12, 0, n++)))
    const dir = store.outputDir(job.id)
    await mkdir(dir, { recursive: true })
    for (const o of spec.outputs) {
      const sha256 = await writeRandomFile(join(dir, o.name), o.size)
      job.outputs.push({ name: o.name, size: o.size, sha256, modified: job.completionDate ?? '' })
      out.push({ jobId: job.id, jobName: job.name, name: o.name, size: o.size, sha256 })
    }
    jobs.push(job)
  }
  store.addMany(jobs)
  await store.flush()
  return out
}

/** Replaces one output with new random content of `size` bytes (new ETag and Last-Modified). Sandbox stopped. */
export async function replaceOutput(
  dataDir: string,
  jobId: string,
  name: string,
  size: number,
  modified: Date
): Promise<string> {
  const store = new JobStore(dataDir, () => {})
  await store.load()
  const sha256 = await writeRandomFile(join(store.outputDir(jobId), name), size)
  store.update(jobId, (job) => {
    job.outputs = job.outputs.map((o) =>
      o.name === name ? { name, size, sha256, modified: modified.toISOString() } : o
    )
  })
  await store.flush()
  return sha256
}

export function connectWriter(url: string): Promise<GrantaClient> {
  return connect({ url, auth: { kind: 'basic', username: 'writer', password: 'writer-pass' }, timeoutMs: 10_000 })
}

/** Every file under `dir`, as paths relative to it with `/`. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort()
}

/**
 * A TCP relay in front of the sandbox that counts the bytes the server sent: proof of what went over
 * the wire, independent of what the client reports.
 */
export interface SeenRequest {
  line: string
  range?: string
  ifRange?: string
}

export async function byteCountingRelay(
  targetPort: number
): Promise<{ port: number; serverBytes(): number; requests(): SeenRequest[]; close(): Promise<void> }> {
  let bytes = 0
  const seen: SeenRequest[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1')
    sockets.add(client).add(upstream)
    upstream.on('data', (d: Buffer) => {
      bytes += d.length
    })
    let head = ''
    client.on('data', (d: Buffer) => {
      head += d.toString('latin1')
      for (let end = head.indexOf('\r\n\r\n'); end !== -1; end = head.indexOf('\r\n\r\n')) {
        const lines = head.slice(0, end).split('\r\n')
        head = head.slice(end + 4)
        const header = (name: string) =>
          lines
            .find((l) => l.toLowerCase().startsWith(`${name}:`))
            ?.slice(name.length + 1)
            .trim()
        const range = header('range')
        const ifRange = header('if-range')
        seen.push({ line: lines[0] ?? '', ...(range ? { range } : {}), ...(ifRange ? { ifRange } : {}) })
      }
    })
    client.pipe(upstream).pipe(client)
    const end = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    port,
    serverBytes: () => bytes,
    requests: () => [...seen],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}
