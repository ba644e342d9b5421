import { createHash, randomUUID } from 'node:crypto'
import { copyFile, mkdir, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SandboxContext } from './context'
import { logFileName, logTimestamp } from './jobs/job-log'
import { jobTypes, type SandboxJobType, type StoredJob } from './jobs/job-model'
import type { JobStore } from './jobs/job-store'
import { seedDemoRecords, type RecordStore } from './processor'

/** The demo input files (copies of the Python client's published examples). */
export const assetsDir = fileURLToPath(new URL('../../assets/sandbox', import.meta.url))

const people = [
  { name: 'admin', roles: ['MI_ADMIN', 'MI_POWER_USER', 'MI_USER'] },
  { name: 'writer', roles: ['MI_POWER_USER', 'MI_USER'] },
  { name: 'jane.doe', roles: ['MI_POWER_USER', 'MI_USER'] },
  { name: 'sam.lee', roles: ['MI_USER'] }
] as const

type FileSpec = { fileType: 'Template' | 'Data' | 'Combined' | 'Attachment'; asset: string }
interface Spec {
  name: string
  description: string | null
  type: SandboxJobType
  files: FileSpec[]
  exportDatabase?: string
}

const excelImport: FileSpec[] = [
  { fileType: 'Template', asset: 'import_template.xlsx' },
  { fileType: 'Data', asset: 'data_file_1.xlsx' },
  { fileType: 'Data', asset: 'data_file_2.xlsx' }
]
const combinedImport: FileSpec[] = [{ fileType: 'Combined', asset: 'combined_import_file.xlsx' }]
const textImport: FileSpec[] = [
  { fileType: 'Template', asset: 'text_import_template.xml' },
  { fileType: 'Data', asset: 'example_data.txt' }
]
const mismatchedImport: FileSpec[] = [
  { fileType: 'Template', asset: 'export_template.xlsx' },
  { fileType: 'Data', asset: 'example_data.txt' }
]
const exportTemplate: FileSpec[] = [{ fileType: 'Template', asset: 'export_template.xlsx' }]

const demoSpecs = (round: number): Spec[] => [
  {
    name: `Tensile batch ${round + 1} import`,
    description: 'Template + two data workbooks',
    type: 'ExcelImportJob',
    files: excelImport
  },
  { name: `Combined workbook import ${round + 1}`, description: null, type: 'ExcelImportJob', files: combinedImport },
  {
    name: `Text import: build log ${round + 1}`,
    description: 'Builds from the test rig',
    type: 'TextImportJob',
    files: textImport
  },
  {
    name: `Tensile export ${round + 1}`,
    description: 'Weekly report for the lab',
    type: 'ExcelExportJob',
    files: exportTemplate
  },
  { name: `Export for supplier ${round + 1}`, description: null, type: 'ExcelExportJob', files: exportTemplate },
  {
    name: `Import with the wrong template ${round + 1}`,
    description: 'Shows an import that did not work',
    type: 'ExcelImportJob',
    files: mismatchedImport
  },
  {
    name: `Export from an unknown database ${round + 1}`,
    description: null,
    type: 'ExcelExportJob',
    files: exportTemplate,
    exportDatabase: 'MI_Unknown'
  },
  {
    name: `Re-import batch ${round + 1}`,
    description: 'Updates the records of batch 1',
    type: 'ExcelImportJob',
    files: excelImport
  }
]

async function addJob(
  ctx: SandboxContext,
  spec: Spec,
  person: (typeof people)[number],
  submitted: Date,
  recordIds: number[],
  scheduled: string | null
): Promise<StoredJob> {
  const id = randomUUID()
  const inputDir = ctx.store.inputDir(id)
  await mkdir(inputDir, { recursive: true })
  for (const f of spec.files) await copyFile(join(assetsDir, f.asset), join(inputDir, f.asset))
  const inputFileIds = spec.files.map(() => randomUUID())
  const exportParameters =
    spec.type === 'ExcelExportJob'
      ? {
          databaseKey: spec.exportDatabase ?? 'MI_Training',
          records: recordIds.map((r) => ({ historyIdentity: r, version: null })),
          templateFileName: 'export_template.xlsx'
        }
      : undefined
  const parameters = exportParameters
    ? JSON.stringify({
        DatabaseKey: exportParameters.databaseKey,
        InputRecords: exportParameters.records.map((r) => ({
          RecordHistoryIdentity: r.historyIdentity,
          RecordVersion: null
        })),
        TemplateFileName: exportParameters.templateFileName
      })
    : JSON.stringify(spec.files.map((f) => ({ fileType: f.fileType, filePath: f.asset })))
  const job: StoredJob = {
    id,
    name: spec.name,
    description: spec.description,
    type: spec.type,
    status: 'Pending',
    submitterName: person.name,
    submitterRoles: [...person.roles],
    submissionDate: submitted.toISOString(),
    scheduledExecutionDate: scheduled,
    executionDate: null,
    completionDate: null,
    inputFileIds,
    files: spec.files.map((f) => ({ fileType: f.fileType, virtualPath: f.asset, storedName: f.asset })),
    exportParameters,
    outputs: [],
    jobSpecificOutputs: null,
    definition: {
      name: spec.name,
      description: spec.description,
      type: spec.type,
      scheduledExecutionDate: scheduled,
      inputFileIds,
      parameters
    }
  }
  ctx.store.add(job)
  return job
}

/** Jobs of the demo queue still to run: queued (null), or scheduled so many days ahead. */
const LATER = [null, null, 1, 3, 7]
const HISTORY_ROUNDS = 3

/** How many jobs the demo queue holds once its history has run (two cancelled, the later ones, the history). */
export const demoQueueSize = 2 + LATER.length + HISTORY_ROUNDS * demoSpecs(0).length

/**
 * The demo queue, part one (quick, awaited before the server answers): 12 tensile-test records,
 * two cancelled jobs, two queued jobs (they run right after start) and three scheduled ones.
 * Returns the record ids for part two.
 */
export async function seedDemoQueueStart(ctx: SandboxContext, records: RecordStore): Promise<number[]> {
  const seeded = await seedDemoRecords(records, { count: 12 })
  await records.save()
  const ids = seeded.map((r) => r.historyIdentity)
  const now = ctx.options.clock().getTime()
  const hour = 3_600_000
  for (const [i, spec] of [demoSpecs(3)[0], demoSpecs(3)[3]].entries()) {
    if (!spec) continue
    const submitted = new Date(now - (30 - i * 4) * hour)
    const job = await addJob(
      ctx,
      { ...spec, name: `${spec.name} (cancelled)` },
      people[(i + 2) % people.length] ?? people[0],
      submitted,
      ids.slice(0, 3),
      null
    )
    ctx.store.update(job.id, (j) => {
      j.status = 'Cancelled'
      j.completionDate = new Date(submitted.getTime() + 90_000).toISOString()
    })
  }
  for (const [i, days] of LATER.entries()) {
    const spec = demoSpecs(4 + i)[i % 4]
    if (!spec) continue
    const scheduled = days === null ? null : new Date(now + days * 24 * hour).toISOString()
    const name =
      days === null ? `${spec.name} (queued)` : `${spec.name} (scheduled in ${days} day${days === 1 ? '' : 's'})`
    await addJob(
      ctx,
      { ...spec, name },
      people[i % people.length] ?? people[0],
      new Date(now - (5 - i) * 60_000),
      ids.slice(0, 4),
      scheduled
    )
  }
  return ids
}

/**
 * The demo queue, part two (half a minute, in the background): 24 finished jobs of all three types
 * run by the real processors (some failing), by several submitters over the last six days.
 * Stopping the server part way leaves fewer finished jobs.
 */
export async function seedDemoHistory(ctx: SandboxContext, ids: number[], signal?: AbortSignal): Promise<void> {
  const now = ctx.options.clock().getTime()
  const hour = 3_600_000
  let n = 0
  for (let round = 0; round < HISTORY_ROUNDS; round++) {
    for (const spec of demoSpecs(round)) {
      if (signal?.aborted) return
      const person = people[n % people.length] ?? people[0]
      const submitted = new Date(now - (6 * 24 - n * 5) * hour)
      const pick = ids.filter((_, i) => (i + n) % 3 !== 0).slice(0, 2 + (n % 5))
      const job = await addJob(ctx, spec, person, submitted, pick, null)
      // The job runs now on its own backdated clock, so its log's lines carry its dates, not today's.
      const started = new Date(submitted.getTime() + (2 + (n % 7)) * 60_000)
      const ran = backdated(ctx.options.clock, started)
      await ctx.scheduler.runNow(job.id, ran)
      const finished = new Date(Math.max(ran().getTime(), started.getTime() + (5 + (n % 11)) * 1000))
      // The output files were written when the job ended, too.
      const outputs = ctx.store.get(job.id)?.outputs ?? []
      for (const o of outputs) await utimes(join(ctx.store.outputDir(job.id), o.name), finished, finished)
      ctx.store.update(job.id, (j) => {
        j.executionDate = started.toISOString()
        j.completionDate = finished.toISOString()
        j.outputs = j.outputs.map((o) => ({ ...o, modified: finished.toISOString() }))
      })
      n++
    }
  }
}

/** A clock that reads `start` now and runs on from there with `clock`. */
function backdated(clock: () => Date, start: Date): () => Date {
  const offset = clock().getTime() - start.getTime()
  return () => new Date(clock().getTime() - offset)
}

/** One job in this many (of those not cancelled) keeps report files beside its log. */
const WITH_REPORTS = 20

/**
 * The output files of synthetic job `i`: its log, and for one job in WITH_REPORTS two small CSV reports as well
 * (several outputs per job: 50,000 jobs hold about 52,700 files). A cancelled job has none.
 */
function syntheticOutputs(job: StoredJob, i: number): { name: string; text: string }[] {
  if (job.status === 'Cancelled') return []
  const at = logTimestamp(new Date(job.executionDate ?? job.submissionDate))
  const files = [{ name: logFileName(job.name), text: `${at} INFO  Synthetic job for load tests\n` }]
  if (i % WITH_REPORTS === 0) {
    const stem = logFileName(job.name).slice(0, -'.log'.length)
    files.push(
      {
        name: `${stem} records.csv`,
        text: `record,action\nSynthetic record ${i + 1},${job.type === 'ExcelExportJob' ? 'exported' : 'updated'}\n`
      },
      { name: `${stem} errors.csv`, text: job.status === 'Failed' ? 'row,error\n2,Synthetic failure\n' : 'row,error\n' }
    )
  }
  return files
}

/** N finished jobs with a small log each (a few with reports too), for load tests; written in bulk. */
export async function seedSyntheticJobs(store: JobStore, count: number, clock: () => Date): Promise<void> {
  const now = clock().getTime()
  const span = 6 * 24 * 3_600_000
  const jobs: StoredJob[] = []
  for (let i = 0; i < count; i++) {
    const type = jobTypes[i % jobTypes.length] ?? 'ExcelImportJob'
    const person = people[i % people.length] ?? people[0]
    const status = i % 17 === 0 ? 'Failed' : i % 23 === 0 ? 'Cancelled' : 'Succeeded'
    const submitted = new Date(now - span + Math.floor((i / count) * span))
    const executed = new Date(submitted.getTime() + 30_000)
    const completed = new Date(executed.getTime() + 4_000 + (i % 13) * 1000)
    const name = `Synthetic ${type.replace('Job', '').toLowerCase()} ${String(i + 1).padStart(5, '0')}`
    const summary =
      type === 'ExcelExportJob'
        ? { ExportedRecords: i % 9, Errors: [] }
        : {
            FinishedSuccessfully: status === 'Succeeded',
            NumberOfErrors: status === 'Succeeded' ? 0 : 1,
            NumberOfRecordsCreated: i % 7,
            NumberOfRecordsUpdated: i % 3,
            NumberOfTasks: 1
          }
    jobs.push({
      id: randomUUID(),
      name,
      description: i % 4 === 0 ? null : `Load-test job ${i + 1} (${person.name})`,
      type,
      status,
      submitterName: person.name,
      submitterRoles: [...person.roles],
      submissionDate: submitted.toISOString(),
      scheduledExecutionDate: null,
      executionDate: status === 'Cancelled' ? null : executed.toISOString(),
      completionDate: completed.toISOString(),
      inputFileIds: [],
      files: [],
      outputs: [],
      jobSpecificOutputs: status === 'Cancelled' ? {} : { summary: JSON.stringify(summary) },
      definition: { name, description: null, type, inputFileIds: [], parameters: '[]' }
    })
  }
  // Logs first, the job index last: the index never names a file that is not there.
  const batch = 200
  for (let start = 0; start < jobs.length; start += batch) {
    await Promise.all(
      jobs.slice(start, start + batch).map(async (job, k) => {
        const files = syntheticOutputs(job, start + k)
        if (files.length === 0) return
        const dir = store.outputDir(job.id)
        await mkdir(dir, { recursive: true })
        for (const f of files) await writeFile(join(dir, f.name), f.text)
        job.outputs = files.map((f) => ({
          name: f.name,
          size: Buffer.byteLength(f.text),
          sha256: createHash('sha256').update(f.text).digest('hex'),
          modified: job.completionDate ?? job.submissionDate
        }))
      })
    )
  }
  store.addMany(jobs)
}
