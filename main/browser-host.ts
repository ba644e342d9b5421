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
    'sandbox-min-running-ms': { type: 'string' },
    // A draft file to open at start, as the app's file association and `--import` do.
    import: { type: 'string', multiple: true }
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
let closeHost: () => Promise<void> = async () => {}
// Handlers go in before the URL is printed: a SIGTERM sent on reading it must shut down cleanly, not kill the process.
const stop = async (): Promise<void> => {
  await closeHost()
  await app.dispose()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())

const host = await startBrowserHost({ app, rendererDir: values.renderer, port: Number(values.port) })
closeHost = () => host.close()
app.logger.info(`browser host listening on ${new URL(host.url).origin}`)
// The one line a user of `npm run start:browser` needs, on the terminal; everything else is in the log files.
console.log(`JobQueue Desktop is running in browser mode. Open: ${host.url}`)
const imports = (values.import ?? []).flatMap((file) => ['--import', file])
app.handOff
  .receive(imports, process.cwd())
  .catch((e: unknown) => app.logger.error('could not open the files handed to the app', e))
