import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { threadId } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../common/errors'
import { SandboxHost } from '../../../main/connections/sandbox-host'
import { sandboxInThread } from '../../../main/connections/sandbox-thread'
import { defaultUsers, startSandbox } from '../../../main/sandbox'
import { tempDir, workerScript } from './helpers'
import { testLogger } from '../../helpers/logger'

const importJob = fileURLToPath(new URL('./fixtures/import-job.ts', import.meta.url))
const assets = fileURLToPath(new URL('../../../assets/sandbox', import.meta.url))
const slow = { timeout: 180_000 }

/** An app data folder whose sandbox already holds jobs, so the host skips the demo queue (half a minute of real jobs). */
async function appDataDir(): Promise<string> {
  const dir = tempDir('jq-sandbox-host-')
  const warm = await startSandbox({ port: 0, dataDir: join(dir, 'sandbox'), seedJobs: 3 })
  await warm.stop()
  return dir
}

function hostFor(dataDir: string, onCrash?: (message: string) => void): SandboxHost {
  return new SandboxHost({
    dataDir,
    start: sandboxInThread({ script: workerScript, log: (line) => testLogger().info(line) }),
    users: defaultUsers,
    onCrash
  })
}

/** How a TCP connection to the URL's port ends: 'connected', or the error code. */
function dial(url: string): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
  })
}

/** Runs a child process to its end, blocking this thread meanwhile. */
function blockedRun(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', timeout: 120_000 })
  } catch (e) {
    throw new Error(
      `the child did not finish while this thread was blocked; does the sandbox run on this thread? ${String(e)}`
    )
  }
}

describe('SandboxHost with the sandbox in a worker thread', () => {
  it('runs an Excel import to the end while the caller’s thread is blocked', slow, async () => {
    const host = hostFor(await appDataDir())
    try {
      const url = await host.ensureStarted()
      expect(host.worker?.threadId).toBeGreaterThan(0)
      expect(host.worker?.threadId).not.toBe(threadId)
      // execFileSync blocks this thread until the child is done: a sandbox on this thread could not even answer
      // (the child would hang until the guard below kills it). 12 data workbooks: a long import.
      const out = blockedRun(process.execPath, ['--import', 'tsx', importJob, url, assets, '12'])
      const { statuses, job } = JSON.parse(out) as {
        statuses: string[]
        job: { status: string; jobSpecificOutputs: Record<string, string> }
      }
      expect(job.status, `statuses seen: ${statuses.join(' → ')}`).toBe('Succeeded')
      expect(Object.keys(job.jobSpecificOutputs).length).toBeGreaterThan(0)
    } finally {
      await host.stop()
    }
  })

  it('stop() ends the thread by itself, frees the port and keeps the data in <dataDir>/sandbox', slow, async () => {
    const dir = await appDataDir()
    const host = hostFor(dir)
    const url = await host.ensureStarted()
    const worker = host.worker
    if (!worker) throw new Error('the sandbox runs in no worker thread')
    const exit = once(worker, 'exit')
    try {
      expect(await dial(url)).toBe('connected')
      await host.stop()
      expect(await exit).toEqual([0])
      expect(host.worker).toBeNull()
      expect(host.url).toBeNull()
      expect(await dial(url)).toBe('ECONNREFUSED')
      expect(existsSync(join(dir, 'sandbox', 'records.json'))).toBe(true)
    } finally {
      await host.stop()
    }
  })

  it('reports a crashed thread, and the next ensureStarted starts a new one', slow, async () => {
    let onCrash: (message: string) => void = () => {}
    const crashed = new Promise<string>((resolve) => (onCrash = resolve))
    const host = hostFor(await appDataDir(), onCrash)
    try {
      const first = await host.ensureStarted()
      const worker = host.worker
      if (!worker) throw new Error('the sandbox runs in no worker thread')
      const firstThread = worker.threadId
      await worker.terminate() // as if the thread died: out of memory, a native fault

      expect(await crashed).toBe(
        'The built-in sandbox server stopped unexpectedly (its thread ended with exit code 1). Connect to the Sandbox again to restart it.'
      )
      expect(host.url).toBeNull()
      expect(host.worker).toBeNull()
      expect(await dial(first)).toBe('ECONNREFUSED')

      const second = await host.ensureStarted()
      expect(host.url).toBe(second)
      expect(host.worker?.threadId).not.toBe(firstThread)
      expect(await dial(second)).toBe('connected')
    } finally {
      await host.stop()
    }
  })

  it('says why it could not start and what to do, and tries again on the next ensureStarted', slow, async () => {
    const dir = await appDataDir()
    rmSync(join(dir, 'sandbox'), { recursive: true })
    writeFileSync(join(dir, 'sandbox'), 'a file where the sandbox folder belongs')
    const host = hostFor(dir)
    try {
      const error: unknown = await host.ensureStarted().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AppError)
      expect(error).toMatchObject({ code: 'Internal' })
      expect((error as AppError).message).toMatch(
        /^The built-in sandbox server could not start: .*(EEXIST|ENOTDIR).*Connect again to retry; .*move the folder .*sandbox aside/
      )
      expect(host.worker).toBeNull()

      rmSync(join(dir, 'sandbox'))
      expect(await host.ensureStarted()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mi_servicelayer$/)
      expect(host.worker?.threadId).not.toBe(threadId)
    } finally {
      await host.stop()
    }
  })
})
