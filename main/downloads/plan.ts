import path from 'node:path'
import PQueue from 'p-queue'
import type { BatchSource, PreviewEntry } from '../../common/downloads'
import type { SkippedItem } from '../../common/domain'
import { AppError, toErrorValue } from '../../common/errors'
import { planPath, type LayoutJob } from './layout'
import type { ClaimedNames } from './claimed-names'
import { listAllJobs } from './job-pages'
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
    const listed = await listAllJobs(dir, source.filter)
    jobs = listed.jobs
    for (const s of listed.skipped) problems.push(skippedProblem('A listed job', s))
  } else {
    const ids = [...new Set(source.jobIds)]
    // Many jobs: one list request instead of one request per job.
    const listed =
      ids.length > FEW_JOBS
        ? new Map((await listAllJobs(dir, {})).jobs.map((j) => [j.id, j]))
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
  // A server that lists output names with some jobs lists them with all: its empty list means "none", not "ask".
  const namesListed = jobs.some((j) => (j.outputFileNames?.length ?? 0) > 0)
  const perJob = await Promise.all(
    jobs.map((job) => {
      const names = job.outputFileNames
      if (names && (namesListed || names.length > 0)) {
        const kept = layoutOnly(job)
        return Promise.resolve(names.map((fileName) => ({ job: kept, fileName })))
      }
      return pool.add(async () => {
        try {
          const listed = await dir.outputNames(job.id)
          for (const s of listed.skipped ?? []) problems.push({ ...skippedProblem('An output', s), jobId: job.id })
          const kept = layoutOnly(job)
          return listed.names.map((fileName) => ({ job: kept, fileName }))
        } catch (e) {
          problems.push({ jobId: job.id, message: toErrorValue(e).message })
          return []
        }
      })
    })
  )
  return { files: perJob.flat(), problems }
}

/** What the layout reads of a job: the rest of a listed job (summaries, roles, …) can go while 50,000 files are laid out. */
function layoutOnly(job: LayoutJob): LayoutJob {
  const { id, name, type, submitterName, completionDate } = job
  return { id, name, type, submitterName, completionDate }
}

/** A list item the server sent that the client could not read, as a problem of the batch. */
function skippedProblem(what: string, s: SkippedItem): ResolvedSource['problems'][number] {
  return { jobId: s.id ?? '(no id)', message: `${what} could not be read (field "${s.field}": ${s.reason}).` }
}

export { numberedName } from './claimed-names'

/** Gives each planned file its own target path: names equal but for case are numbered `name (2).ext`. */
export function layOut(
  destination: string,
  levels: readonly string[],
  files: readonly PlannedFile[],
  claimed: ClaimedNames
): Omit<PreviewEntry, 'exists'>[] {
  if (!path.isAbsolute(destination)) {
    throw new AppError('Validation', `The destination ${destination} is not a full folder path. Choose a folder.`)
  }
  return files.map(({ job, fileName }) => {
    const planned = planPath(destination, levels, job, fileName)
    const targetPath = claimed.claimFree(planned.targetPath)
    const relativePath =
      targetPath === planned.targetPath
        ? planned.relativePath
        : path.relative(destination, targetPath).split(path.sep).join('/')
    return { jobId: job.id, jobName: job.name ?? '', fileName, relativePath, targetPath }
  })
}
