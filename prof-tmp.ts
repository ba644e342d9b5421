import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from './main/sandbox'
const s = await startSandbox({ dataDir: mkdtempSync(join(tmpdir(), 'p-')), port: 18099, seedJobs: 10000 })
console.log('ready', s.apiUrl)
setTimeout(() => void s.stop(), 60000)
