import type { Job } from '../../common/domain'
import { AppError } from '../../common/errors'
import { isServerSafe, type QueueScope } from '../../common/queue'
import type { QueueClient } from './scoped-list'

const active = new Set(['Pending', 'Running'])
const finished = new Set(['Succeeded', 'Failed', 'Cancelled'])

/** The user's unfinished jobs after a poll, and those of them that have just finished. */
export interface MyJobsUpdate {
  active: Map<string, Job>
  finished: Job[]
}

/** Whether a scope's list holds every job the user submitted (so it alone shows when one finishes). */
export function holdsAllOf(scope: QueueScope, username: string): boolean {
  return !scope.jobType && !scope.status && !scope.text && (!scope.submitterName || scope.submitterName === username)
}

/** From a list that holds all the user's jobs. A job missing from it was deleted or purged: dropped without a word. */
export function myJobsFromList(
  previous: ReadonlyMap<string, Job>,
  jobs: Iterable<Job>,
  username: string
): MyJobsUpdate {
  const next = new Map<string, Job>()
  const done: Job[] = []
  for (const job of jobs) {
    if (job.submitterName !== username) continue
    if (active.has(job.status)) next.set(job.id, job)
    else if (finished.has(job.status) && previous.has(job.id)) done.push(job)
  }
  return { active: next, finished: done }
}

/**
 * When the view's scope leaves some of the user's jobs out: asks for their Pending and Running jobs (small lists),
 * and reads once each job that has left both to learn how it ended (404: deleted, no notification).
 */
export async function pollMyJobs(
  client: QueueClient,
  previous: ReadonlyMap<string, Job>,
  username: string
): Promise<MyJobsUpdate> {
  // A name the query cannot carry safely: ask for everyone's unfinished jobs and pick the user's here.
  const submitterNameFilter = isServerSafe(username) ? username : undefined
  const lists = await Promise.all(
    (['Pending', 'Running'] as const).map((status) => client.listJobs({ status, submitterNameFilter }))
  )
  const next = new Map<string, Job>()
  for (const job of lists.flatMap((l) => l.jobs)) if (job.submitterName === username) next.set(job.id, job)
  const left = [...previous.keys()].filter((id) => !next.has(id))
  const now = await Promise.all(
    left.map((id) =>
      client.getJob(id).catch((e: unknown) => {
        if (isNotFound(e)) return null
        throw e
      })
    )
  )
  const done: Job[] = []
  for (const job of now) {
    if (!job) continue
    if (finished.has(job.status)) done.push(job)
    else if (active.has(job.status)) next.set(job.id, job) // changed status between the two lists
  }
  return { active: next, finished: done }
}

function isNotFound(e: unknown): boolean {
  return e instanceof AppError && e.code === 'NotFound'
}

/** What the previous successful poll of the same watch and scope saw: tells a new job from one that only came into view. */
export interface PollBaseline {
  generation: number
  /** When that poll started, by this computer's clock (ms). */
  startedAt: number
  /** The user's jobs it saw apart from the held list (listed on their own, or unfinished); the held list is known too. */
  known: ReadonlySet<string>
  /** How many jobs the whole queue held (metrics), when it asked. */
  total: number | null
}

/**
 * The user's jobs that came and went between two polls: unseen by the baseline poll, already finished, and
 * submitted after it started. `skewMs` allows for the server's clock running behind this computer's.
 */
export function cameAndWent(jobs: Iterable<Job>, username: string, baseline: PollBaseline, skewMs: number): Job[] {
  const since = baseline.startedAt - skewMs
  const found = new Map<string, Job>()
  for (const job of jobs) {
    if (job.submitterName !== username || !finished.has(job.status) || baseline.known.has(job.id)) continue
    if (Date.parse(job.submissionDate) >= since) found.set(job.id, job)
  }
  return [...found.values()]
}

/** The user's jobs, all of them: asked for only when the queue grew while the view's scope leaves them out. */
export async function listMyJobs(client: QueueClient, username: string): Promise<Job[]> {
  const submitterNameFilter = isServerSafe(username) ? username : undefined
  return (await client.listJobs({ submitterNameFilter })).jobs.filter((j) => j.submitterName === username)
}
