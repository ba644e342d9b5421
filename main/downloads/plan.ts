import path from 'node:path'
import PQueue from 'p-queue'
import type { BatchSource, PreviewEntry } from '../../common/downloads'
import type { SkippedItem } from '../../common/domain'
import { AppError, toErrorValue } from '../../common/errors'
import { planPath, type LayoutJob } from './layout'
import { collisionKey, splitExtension } from './sanitize'
import type { JobDirectory } from './source'

/** One output file of one job, before layout. */
export interface PlannedFile {
  job: LayoutJob
  fileName: string
}

export interface ResolvedSource {
  files: PlannedFile[]
  problems: { jobId: string; message: string }[]
}

const LOOKUP_CONCURRENCY = 8
const FEW_JOBS = 10

/** Asks the server which files a batch source means: jobs, then each job's output names. */
export async function resolveSource(dir: JobDirectory, source: BatchSource): Promise<ResolvedSource> {
  if (source.kind === 'file') {
    const job = await dir.getJob(source.jobId)
    return { files: [{ job, fileName: source.fileName }], problems: [] }
  }
  const problems: ResolvedSource['problems'] = []
  const pool = new PQueue({ concurrency: LOOKUP_CONCURRENCY })
  let jobs: readonly LayoutJob[]
  if (source.kind === 'filter') {
    const listed = await dir.listJobs(source.filter)
    jobs = listed.jobs
    for (const s of listed.skipped ?? []) problems.push(skippedProblem('A listed job', s))
  } else {
    const ids = [...new Set(source.jobIds)]
    // Many jobs: one list request instead of one request per job.
    const listed =
      ids.length > FEW_JOBS
        ? new Map((await dir.listJobs({})).jobs.map((j) => [j.id, j]))
        : new Map<string, LayoutJob>()
    const found = await Promise.all(
      ids.map((id) => {
        const known = listed.get(id)
        if (known) return Promise.resolve(known)
        return pool.add(async () => {
          try {
            return await dir.getJob(id)
          } catch (e) {
            problems.push({ jobId: id, message: toErrorValue(e).message })
            return undefined
          }
        })
      })
    )
    jobs = found.filter((j): j is LayoutJob => j !== undefined)
  }
  const perJob = await Promise.all(
    jobs.map((job) =>
      pool.add(async () => {
        try {
          if (job.outputFileNames?.length) return job.outputFileNames.map((fileName) => ({ job, fileName }))
          const listed = await dir.outputNames(job.id)
          for (const s of listed.skipped ?? []) problems.push({ ...skippedProblem('An output', s), jobId: job.id })
          return listed.names.map((fileName) => ({ job, fileName }))
        } catch (e) {
          problems.push({ jobId: job.id, message: toErrorValue(e).message })
          return []
        }
      })
    )
  )
  return { files: perJob.flat(), problems }
}

/** A list item the server sent that the client could not read, as a problem of the batch. */
function skippedProblem(what: string, s: SkippedItem): ResolvedSource['problems'][number] {
  return { jobId: s.id ?? '(no id)', message: `${what} could not be read (field "${s.field}": ${s.reason}).` }
}

/** `report.xlsx` → `report (2).xlsx`. */
export function numberedName(fileName: string, n: number): string {
  const { stem, ext } = splitExtension(fileName)
  return `${stem} (${n})${ext}`
}

/** Gives each planned file its own target path: names equal but for case are numbered `name (2).ext`. */
export function layOut(
  destination: string,
  levels: readonly string[],
  files: readonly PlannedFile[],
  taken: ReadonlySet<string>
): Omit<PreviewEntry, 'exists'>[] {
  if (!path.isAbsolute(destination)) {
    throw new AppError('Validation', `The destination ${destination} is not a full folder path. Choose a folder.`)
  }
  const used = new Set(taken)
  return files.map(({ job, fileName }) => {
    const planned = planPath(destination, levels, job, fileName)
    let targetPath = planned.targetPath
    for (let n = 2; used.has(collisionKey(targetPath)); n++) {
      targetPath = path.join(path.dirname(planned.targetPath), numberedName(path.basename(planned.targetPath), n))
    }
    used.add(collisionKey(targetPath))
    const relativePath = path.relative(destination, targetPath).split(path.sep).join('/')
    return { jobId: job.id, jobName: job.name ?? '', fileName, relativePath, targetPath }
  })
}
