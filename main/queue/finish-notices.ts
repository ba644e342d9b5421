import type { Job } from '../../common/domain'

const active = new Set(['Pending', 'Running'])
const finished = new Set(['Succeeded', 'Failed', 'Cancelled'])
/** Jobs already notified, remembered so none is notified twice (across scopes and reconnects). */
const notifiedMemory = 1_000

/** Other users' jobs that the previous list of the same scope held unfinished and this one holds finished. */
export function othersFinished(before: ReadonlyMap<string, Job>, jobs: readonly Job[], username: string): Job[] {
  return jobs.filter(
    (j) => j.submitterName !== username && finished.has(j.status) && active.has(before.get(j.id)?.status ?? '')
  )
}

/** Tells of each finished job once: the user's own, and others' the watch saw unfinished. */
export class FinishNotices {
  private readonly notified = new Set<string>()

  constructor(
    private readonly onMine?: (job: Job) => void,
    private readonly onOther?: (job: Job) => void
  ) {}

  tell(job: Job, mine: boolean): void {
    if (this.notified.has(job.id)) return
    this.notified.add(job.id)
    if (this.notified.size > notifiedMemory) this.notified.delete(this.notified.values().next().value as string)
    if (mine) this.onMine?.(job)
    else this.onOther?.(job)
  }
}
