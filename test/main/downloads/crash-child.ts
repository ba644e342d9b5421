/**
 * The engine in a process of its own, for the crash test: node --import tsx crash-child.ts <dataDir> <dest> <url> <jobIdsCsv>.
 * Adds the batch on the first run only, prints READY once the engine runs and DONE when the batch is finished.
 */
import { DownloadEngine } from '../../../main/downloads/engine'
import { connect } from '../../../main/granta/connect'

const [dataDir, dest, url, ids] = process.argv.slice(2)
if (!dataDir || !dest || !url || !ids) throw new Error('usage: crash-child <dataDir> <dest> <url> <jobIds>')

const client = await connect({
  url,
  auth: { kind: 'basic', username: 'writer', password: 'writer-pass' },
  timeoutMs: 10_000
})
const engine = new DownloadEngine({ dataDir, clients: () => client, backoff: { baseDelayMs: 10, maxDelayMs: 100 } })
await engine.start()
if (engine.itemsOf().length === 0) {
  await engine.add({
    connectionId: 'c',
    source: { kind: 'jobs', jobIds: ids.split(',') },
    destination: dest,
    template: '{jobId}/{fileName}',
    collision: 'rename'
  })
}
process.stdout.write('READY\n')
await engine.whenIdle()
const notDone = engine.itemsOf().filter((i) => i.state !== 'done')
process.stdout.write(
  notDone.length === 0 ? 'DONE\n' : `NOT DONE ${JSON.stringify(notDone.map((i) => [i.fileName, i.state, i.error]))}\n`
)
await engine.close()
client.close()
