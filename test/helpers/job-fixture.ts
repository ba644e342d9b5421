import type { Job } from '../../common/domain'

/** A job as main sends it, with whatever a test needs changed. */
export function job(patch: Partial<Job> & { id: string }): Job {
  return {
    name: `Job ${patch.id}`,
    description: null,
    type: 'ExcelImportJob',
    otherType: null,
    status: 'Succeeded',
    otherStatus: null,
    submitterName: 'admin',
    submitterRoles: ['MI_USER'],
    submissionDate: '2026-11-20T10:00:00.000Z',
    scheduledExecutionDate: null,
    executionDate: '2026-11-20T10:01:00.000Z',
    completionDate: '2026-11-20T10:02:00.000Z',
    position: null,
    inputFileIds: [],
    outputFileNames: [],
    outputs: {},
    summary: null,
    ...patch
  }
}
