import { parentPort, workerData } from 'node:worker_threads'
import { startSandbox } from './index'
import { sandboxHostMessage, sandboxWorkerInput, type SandboxWorkerMessage } from './worker-protocol'

// The built-in sandbox in a worker thread (started by main/connections/sandbox-thread.ts), so that a long
// import never blocks the app's event loop. The app talks to it over HTTP; this port only starts and stops it.
// A failed start or stop throws here: the app sees the worker's `error` and `exit` events.
const port = parentPort
if (!port) throw new Error('main/sandbox/worker.ts runs in a worker thread only.')
const send = (message: SandboxWorkerMessage): void => port.postMessage(message)

const { minRunningMs, ...input } = sandboxWorkerInput.parse(workerData)
const sandbox = await startSandbox({
  ...input,
  processing: { minRunningMs },
  log: (line) => send({ type: 'log', line })
})
port.on('message', (raw: unknown) => {
  if (sandboxHostMessage.parse(raw).type !== 'stop') return
  // Once the server has stopped, closing the port lets the thread end by itself.
  void sandbox.stop().then(() => port.close())
})
send({ type: 'ready', url: sandbox.url })
