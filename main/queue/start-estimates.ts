import type { Job } from '../../common/domain'
import type { StartEstimate } from '../../common/start-estimates'

/** Recent typical times of a job type; null when none is known. The monitor's list now, the local history later. */
export interface RunTimeMedians {
  medianRunMs(type: string): number | null
  medianWaitMs(type: string): number | null
}

/** The type key of a job, the server's word for a type the app does not know. */
export const typeKey = (job: Pick<Job, 'type' | 'otherType'>) =>
  job.type === 'Other' ? (job.otherType ?? 'Other') : job.type

/** A slot frees at this time (ms), or at an unknown time because a job's type has no known run time. */
type Free = { at: number } | { unknownType: string }

/**
 * When each Pending job should start: `concurrency` slots; a running job frees its slot at its start plus the
 * median run time of its type (or now, when that is past); Pending jobs in position order take the earliest
 * free slot, and hold it for their own type's median. A job scheduled later starts no earlier than its date.
 * Once a slot's end is unknown, a job that might wait on it is unknown too (unless a slot is free now): nothing
 * is guessed. Pure.
 */
export function estimateStarts(
  jobs: readonly Job[],
  concurrency: number,
  medians: Pick<RunTimeMedians, 'medianRunMs'>,
  now: Date
): StartEstimate[] {
  const t = now.getTime()
  const ends = (startMs: number, job: Job): Free => {
    const median = medians.medianRunMs(typeKey(job))
    return median === null ? { unknownType: typeKey(job) } : { at: Math.max(t, startMs + median) }
  }
  const running = jobs.filter((j) => j.status === 'Running')
  const slots: Free[] = running.map((j) => ends(j.executionDate ? Date.parse(j.executionDate) : t, j))
  // Idle slots are free now; more running jobs than slots (the server's setting changed) free theirs in turn.
  for (let i = running.length; i < Math.max(1, concurrency); i++) slots.push({ at: t })
  const pending = jobs
    .filter((j) => j.status === 'Pending')
    .sort(
      (a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.submissionDate.localeCompare(b.submissionDate)
    )
  const out: StartEstimate[] = []
  pending.forEach((job, i) => {
    const ahead = running.length + i
    const slot = earliest(slots)
    const free = slots[slot] as Free
    // A slot of unknown end might free before the earliest known one, unless that one is free now.
    const unknown = slots.find((s): s is { unknownType: string } => 'unknownType' in s)
    if ('unknownType' in free || (unknown && free.at > t)) {
      const type = 'unknownType' in free ? free.unknownType : (unknown as { unknownType: string }).unknownType
      out.push({ jobId: job.id, startAt: null, ahead, unknownType: type })
      return
    }
    const scheduled = job.scheduledExecutionDate ? Date.parse(job.scheduledExecutionDate) : NaN
    const start = Number.isNaN(scheduled) ? free.at : Math.max(free.at, scheduled)
    out.push({ jobId: job.id, startAt: new Date(start).toISOString(), ahead, unknownType: null })
    slots[slot] = ends(start, job)
  })
  return out
}

/** The known slot that frees first; an unknown one only when every slot is unknown. */
function earliest(slots: readonly Free[]): number {
  let best = -1
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i] as Free
    if ('unknownType' in s) continue
    if (best < 0 || s.at < (slots[best] as { at: number }).at) best = i
  }
  return best < 0 ? 0 : best
}
