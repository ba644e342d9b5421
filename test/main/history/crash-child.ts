import { HistoryDb } from '../../../main/history/history-db'
import { loadSqlite } from '../../../main/history/sqlite'
import { testLogger } from '../../helpers/logger'
import { queueJob } from '../../common/insights/hand-built'

/**
 * Child of history-db.test.ts: writes `committed` batches of 100 jobs (ids `b<batch>-<n>`), saying so after each,
 * then starts one huge batch and says so; the test kills it with SIGKILL in the middle of that one.
 */
const [file = '', committed = '3'] = process.argv.slice(2)
const db = HistoryDb.open(file, loadSqlite(), testLogger(), new Date())
const batch = (b: number, size: number) =>
  Array.from({ length: size }, (_, n) => queueJob(`b${b}-${n}`, 'Succeeded', null, '2026-11-28T10:00:00.000Z', null))
for (let b = 0; b < Number(committed); b++) {
  db.record(batch(b, 100), new Date().toISOString())
  process.stdout.write(`committed ${b}\n`)
}
const huge = batch(99, 400_000)
process.stdout.write('partial started\n')
db.record(huge, new Date().toISOString())
process.stdout.write('partial committed\n')
