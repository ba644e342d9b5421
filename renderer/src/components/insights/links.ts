import type { EffectiveStatus, JobType } from '../../../../common/domain'

/** Where a bar leads: the queue filtered to its jobs, with the queue's own URL parameters (filters.ts). */
export interface QueueLink {
  path: '/queue'
  query: Record<string, string>
}

export function queueLink(f: {
  from: string
  to: string
  types?: readonly JobType[]
  statuses?: readonly EffectiveStatus[]
  submitter?: string
}): QueueLink {
  const query: Record<string, string> = { from: f.from, to: f.to }
  if (f.types?.length) query.type = f.types.join(',')
  if (f.statuses?.length) query.status = f.statuses.join(',')
  if (f.submitter) query.submitter = f.submitter
  return { path: '/queue', query }
}
