import { describe, expect, it } from 'vitest'
import { effectiveStatusLabels, effectiveStatuses, jobStatuses, type Job } from '../../common/domain'
import {
  finishedJobTitle,
  jobStatusLabel,
  serverStatusOf,
  serverStatusPhrase,
  serverStatusTitle,
  serverStatusWord
} from '../../common/status-words'

const now = new Date('2026-11-28T12:00:00.000Z')
type Shown = Pick<Job, 'name' | 'status' | 'otherStatus' | 'summary' | 'scheduledExecutionDate'>
const job = (patch: Partial<Shown>): Shown => ({
  name: 'Tensile import',
  status: 'Succeeded',
  otherStatus: null,
  summary: null,
  scheduledExecutionDate: null,
  ...patch
})
const unfinishedImport = {
  kind: 'import' as const,
  finishedSuccessfully: false,
  numberOfErrors: 3,
  numberOfRecordsCreated: 0,
  numberOfRecordsUpdated: 0,
  numberOfTasks: 1
}

describe('the status vocabulary shared by main and the renderer', () => {
  it('has a word for every shown status, and every shown status belongs to one server status', () => {
    expect(effectiveStatuses.map((s) => effectiveStatusLabels[s])).toEqual([
      'Scheduled',
      'Pending',
      'Running',
      'Succeeded',
      'Completed with errors',
      'Failed',
      'Cancelled',
      'Other'
    ])
    for (const s of effectiveStatuses) expect([...jobStatuses, 'Other']).toContain(serverStatusOf[s])
    // Each server status is covered by its own shown status, so no server status loses its word.
    for (const s of jobStatuses) expect(serverStatusOf[s]).toBe(s)
  })

  it('names what a server status covers, in the shown words', () => {
    expect(jobStatuses.map(serverStatusPhrase)).toEqual([
      'Pending or scheduled',
      'Running',
      'Succeeded or completed with errors',
      'Failed',
      'Cancelled'
    ])
  })

  it('gives the server its own word in a tooltip, the unknown one included', () => {
    expect(serverStatusWord(job({}))).toBe('Succeeded')
    expect(serverStatusTitle(job({ summary: unfinishedImport }))).toBe('Server status: Succeeded')
    expect(serverStatusTitle(job({ status: 'Other', otherStatus: 'Paused' }))).toBe('Server status: Paused')
    expect(serverStatusTitle(job({ status: 'Other', otherStatus: null }))).toBe('Server status: unknown')
  })

  it('titles a finished job’s notification with its badge’s word', () => {
    expect(finishedJobTitle(job({}), now)).toBe('Tensile import: Succeeded')
    expect(finishedJobTitle(job({ summary: unfinishedImport }), now)).toBe('Tensile import: Completed with errors')
    expect(finishedJobTitle(job({ status: 'Failed', summary: unfinishedImport }), now)).toBe('Tensile import: Failed')
    expect(finishedJobTitle(job({ status: 'Cancelled' }), now)).toBe('Tensile import: Cancelled')
    expect(finishedJobTitle(job({ status: 'Other', otherStatus: 'Archived' }), now)).toBe(
      'Tensile import: Other: Archived'
    )
  })

  it('tells Scheduled from Pending by the clock', () => {
    const at = '2026-11-28T13:00:00.000Z'
    expect(jobStatusLabel(job({ status: 'Pending', scheduledExecutionDate: at }), now)).toBe('Scheduled')
    expect(jobStatusLabel(job({ status: 'Pending', scheduledExecutionDate: at }), new Date(at))).toBe('Pending')
  })
})
