import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import {
  sandboxWorkerInput,
  sandboxWorkerMessage,
  type SandboxHostMessage,
  type SandboxWorkerInput
} from '../sandbox/worker-protocol'
import type { RunningSandbox, SandboxHostOptions } from './sandbox-host'

export interface SandboxThreadOptions {
  /** The worker entry: out/main/sandbox-worker.js in the built app, main/sandbox/worker.ts from source (loaded through tsx). */
  script: string
  /** Receives the sandbox's log lines (startup, recovery, purge). */
  log?: (line: string) => void
  /** How long stop() lets the sandbox finish its writes before it ends the thread anyway. */
  stopGraceMs?: number
  /** How long each job stays Running at least (default 3 s, so the live queue shows jobs running). */
  minRunningMs?: number
}

/** A `start` for SandboxHost that runs the sandbox server in a worker thread, off the app's event loop. */
export function sandboxInThread(options: SandboxThreadOptions): SandboxHostOptions['start'] {
  return (input) =>
    startSandboxThread(options, sandboxWorkerInput.parse({ ...input, minRunningMs: options.minRunningMs ?? 3_000 }))
}

function spawn(script: string, workerData: SandboxWorkerInput): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, { workerData })
  // From source (vitest, tsx): Node 20 applies no --import loader to a worker's entry, so register tsx, then import it.
  const tsx = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(script).href)}) })`
  return new Worker(bootstrap, { eval: true, workerData, execArgv: [] })
}

async function startSandboxThread(options: SandboxThreadOptions, input: SandboxWorkerInput): Promise<RunningSandbox> {
  const worker = spawn(options.script, input)
  let failure: Error | undefined
  let stopFailure: Error | undefined
  let stopRequested = false
  let onReady: (url: string) => void = () => {}
  const ready = new Promise<string>((resolve) => (onReady = resolve))
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve))

  // Without an `error` listener, a failure in the thread would crash the app.
  worker.on('error', (e) => {
    failure ??= e
    if (stopRequested) stopFailure ??= e
  })
  worker.on('message', (raw: unknown) => {
    const parsed = sandboxWorkerMessage.safeParse(raw)
    if (!parsed.success)
      return options.log?.(`the sandbox thread sent a message the app does not know: ${JSON.stringify(raw)}`)
    const message = parsed.data
    if (message.type === 'ready') onReady(message.url)
    else options.log?.(message.line)
  })
  const reason = (code: number): string => failure?.message ?? `its thread ended with exit code ${code}`

  const started = await Promise.race([ready.then((url) => ({ url })), exited.then((code) => ({ code }))])
  if (!('url' in started)) throw new Error(reason(started.code))

  let stopping: Promise<void> | undefined
  return {
    url: started.url,
    worker,
    ended: exited.then((code) => (stopRequested ? null : reason(code))),
    stop: () =>
      (stopping ??= (async () => {
        stopRequested = true
        const message: SandboxHostMessage = { type: 'stop' }
        worker.postMessage(message)
        // The thread ends by itself once the server has stopped; a thread that hangs is ended after the grace time.
        const grace = setTimeout(() => void worker.terminate(), options.stopGraceMs ?? 15_000)
        await exited
        clearTimeout(grace)
        if (stopFailure) throw new Error(`The sandbox server did not stop cleanly: ${stopFailure.message}`)
      })())
  }
}
