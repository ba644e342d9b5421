import { mkdir, readFile } from 'node:fs/promises'
import writeFileAtomic from 'write-file-atomic'
import { join } from 'node:path'
import { logFileName, logTimestamp } from './job-log'
import type { JobStore } from './job-store'
import { describeOutputs } from './outputs'

/** Jobs still Running in the saved state were cut off by a shutdown: they become Failed, with a log line. */
export async function failInterruptedJobs(store: JobStore, clock: () => Date): Promise<number> {
  const interrupted = [...store.all()].filter((j) => j.status === 'Running')
  for (const job of interrupted) {
    const dir = store.outputDir(job.id)
    const logName = logFileName(job.name)
    await mkdir(dir, { recursive: true })
    const now = clock()
    const before = await readFile(join(dir, logName), 'utf8').catch(() => '')
    await writeFileAtomic(
      join(dir, logName),
      `${before}${logTimestamp(now)} ERROR The sandbox server stopped while this job was running; the job was marked Failed when the server started again. Resubmit it to run it again.\n`,
      { fsync: true }
    )
    const outputs = await describeOutputs(dir, [logName])
    store.update(job.id, (j) => {
      j.status = 'Failed'
      j.completionDate = now.toISOString()
      j.outputs = outputs
      j.jobSpecificOutputs = {}
    })
  }
  return interrupted.length
}
