import type { Job, JobMetrics, SkippedItem } from '../../common/domain'
import { isWholeQueue, type Listing, type QueueScope } from '../../common/queue'
import { pollActive } from './active-poll'
import { fullPass } from './full-pass'
import type { JobTable } from './job-table'
import {
  cameAndWent,
  holdsAllOf,
  listMyJobs,
  myJobsFromList,
  pollMyJobs,
  type MyJobsUpdate,
  type PollBaseline
} from './my-jobs'
import { allTime, keepsStatus, scopeFilters, type QueueClient } from './scoped-list'

/** The previous successful poll of the same watch and scope. */
export type Baseline = PollBaseline & {
  /** Jobs of the scope the server counted and the table did not hold (when the scope holds all the user's). */
  unseen: number | null
}

/** What a poll step works on: the monitor's state, lent for one poll. */
export interface StepContext {
  client: QueueClient
  username: string
  scope: QueueScope
  table: JobTable
  /** Ids of the scope (its status aside) last seen Pending or Running. */
  active: ReadonlySet<string>
  myActive: ReadonlyMap<string, Job>
  baseline: Baseline | null
  pageSize: number
  clockSkewMs: number
  /** False once the watch or the scope has changed: the step stops and changes nothing more. */
  current: () => boolean
  /** A page of a full pass is in the table. */
  onPage: (progress: Listing) => void
}

/** What one poll learnt, whichever kind it was. */
export interface Learnt {
  active: Set<string>
  my: MyJobsUpdate
  /** The user's jobs that came and went between two polls. */
  quick: Job[]
  metrics: JobMetrics | null
  /** The server's count of the scope, when it was asked. */
  serverTotal: number | null
  unseen: number | null
  skipped: SkippedItem[]
}

/** The whole scope, page by page. Null when stopped. */
export async function listAll(c: StepContext): Promise<Learnt | null> {
  const { client, username, scope, table, baseline } = c
  const holdsMine = holdsAllOf(scope, username)
  const side = Promise.all([
    isWholeQueue(scope) ? null : client.metrics(allTime),
    holdsMine ? null : pollMyJobs(client, c.myActive, username)
  ])
  side.catch(() => {}) // awaited below; a failed page must not leave it unhandled
  const pass = await fullPass(table, {
    client,
    scope,
    pageSize: c.pageSize,
    username,
    myActive: c.myActive,
    onPage: (progress) => c.current() && (c.onPage(progress), true)
  })
  const [metrics, mine] = await side
  if (!pass || !c.current()) return null
  const fresh = new Set(pass.newlyFinishedMine.map((j) => j.id))
  let quick: Job[] = []
  if (baseline && holdsMine) quick = cameAndWent(pass.newlyFinishedMine, username, baseline, c.clockSkewMs)
  else if (baseline && grew(baseline.total, metrics?.jobs.length ?? null)) {
    const known = (id: string) => c.myActive.has(id) || (table.has(id) && !fresh.has(id))
    quick = cameAndWent(await listMyJobs(client, username), username, baseline, c.clockSkewMs, known)
  }
  return {
    active: pass.active,
    my: mine ?? myJobsFromList(c.myActive, pass.mine, username),
    quick,
    metrics,
    serverTotal: pass.total,
    unseen: holdsMine ? Math.max(0, pass.total - table.size) : null,
    skipped: pass.skipped
  }
}

/**
 * What changed: the Pending and Running jobs of the scope, those that left them (read by id), and the user's.
 * Null when stopped; 'relist' when so many jobs left at once that a full pass is cheaper.
 */
export async function listChanges(c: StepContext): Promise<Learnt | 'relist' | null> {
  const { client, username, scope, table, baseline } = c
  const holdsMine = holdsAllOf(scope, username)
  const [update, metrics, mine, counted] = await Promise.all([
    pollActive(client, scope, c.active),
    isWholeQueue(scope) ? null : client.metrics(allTime),
    holdsMine ? null : pollMyJobs(client, c.myActive, username),
    // Only the count: a job that came and went between two polls is in no list, but it is counted.
    holdsMine ? client.listJobs({ ...scopeFilters(scope)[0], pageSize: 1 }) : null
  ])
  if (!c.current()) return null
  if (!update) return 'relist'
  const seen = [...update.active.values(), ...update.left]
  for (const job of seen) {
    if (keepsStatus(scope, job)) table.put(job)
    else table.remove(job.id)
  }
  for (const id of update.gone) table.remove(id)
  const my = mine ?? myJobsFromList(c.myActive, seen, username)
  const serverTotal = counted?.totalResultCount ?? null
  const unseen = () => (serverTotal === null ? null : Math.max(0, serverTotal - table.size))
  const came = holdsMine
    ? grew(baseline?.unseen ?? null, unseen())
    : grew(baseline?.total ?? null, metrics?.jobs.length ?? null)
  let quick: Job[] = []
  if (baseline && came) {
    const known = (id: string) => c.myActive.has(id) || table.has(id)
    const myAll = await listMyJobs(client, username)
    if (!c.current()) return null
    quick = cameAndWent(myAll, username, baseline, c.clockSkewMs, known)
    // The scope holds all the user's jobs: those that came and went belong in it.
    if (holdsMine) for (const job of myAll) table.put(job)
  }
  return {
    active: new Set(update.active.keys()),
    my,
    quick,
    metrics,
    serverTotal,
    unseen: unseen(),
    skipped: update.skipped
  }
}

/** True when a count went up since the previous poll (both known). */
function grew(before: number | null, now: number | null): boolean {
  return before !== null && now !== null && now > before
}
