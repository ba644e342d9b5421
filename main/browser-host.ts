import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createApp } from './app'
import { startBrowserHost } from './ipc/websocket'

/** `npm run start:browser`: the whole app, minus Electron, in any Chromium on this machine. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    data: { type: 'string' },
    renderer: { type: 'string', default: resolve('out/renderer') },
    // How long the built-in sandbox keeps each job Running at least (ms); tests that never watch a job run pass 0.
    'sandbox-min-running-ms': { type: 'string' }
  }
})
const minRunning = values['sandbox-min-running-ms']

const dataDir = resolve(values.data ?? process.env.JOBQUEUE_DATA_DIR ?? join(homedir(), '.jobqueue-desktop'))
mkdirSync(dataDir, { recursive: true })
const app = createApp({
  dataDir,
  host: 'browser',
  sandboxMinRunningMs: minRunning === undefined ? undefined : Number(minRunning)
})
const host = await startBrowserHost({
  app,
  rendererDir: values.renderer,
  port: Number(values.port),
  log: (msg, err) => console.error(msg, err ?? '')
})
console.log(`JobQueue Desktop is running in browser mode. Open: ${host.url}`)

const stop = async () => {
  await host.close()
  await app.dispose()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
