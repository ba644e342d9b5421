import { randomUUID } from 'node:crypto'
import { type JobDefinition } from '../../common/domain'
import { type JobFile, type JobRequest } from '../../common/job-request'
import type { DraftRecord } from '../../common/drafts'
import { AppError } from '../../common/errors'
import { requestPaths } from './request-paths'

/**
 * "Copy to new draft": a draft with the same request as a job in the queue.
 * The server kept the job's files, not their local paths, so each file stands in by its path in the
 * job folder and is listed as to be relinked. A schedule already in the past is dropped.
 */
export function draftFromJobDefinition(definition: JobDefinition, jobId: string, now: Date): DraftRecord {
  const type = definition.type
  if (!type)
    throw new AppError(
      'ServerResponseInvalid',
      'The server did not say what type of job this is, so it cannot be copied to a draft.'
    )
  if (type === 'Other')
    throw new AppError(
      'Validation',
      'This job is of a type JobQueue Desktop does not know, so it cannot be copied to a draft.'
    )
  const base = {
    name: definition.name ?? '',
    description: definition.description,
    scheduledExecutionDate:
      definition.scheduledExecutionDate && Date.parse(definition.scheduledExecutionDate) > now.getTime()
        ? definition.scheduledExecutionDate
        : null
  }
  // The virtual path keeps each file where the job had it, whatever the local file is called.
  const file = (serverPath: string): JobFile => ({ path: serverPath, virtualPath: serverPath })

  let request: JobRequest
  if (type === 'ExcelExportJob') {
    const ex = definition.export
    if (!ex) throw unreadable()
    request = {
      type,
      ...base,
      template: file(ex.templateFileName),
      databaseKey: ex.databaseKey,
      records: ex.records.map((r) => ({ historyIdentity: r.historyIdentity, version: r.version }))
    }
  } else {
    const files = definition.files
    if (!files) throw unreadable()
    const of = (t: string) => files.filter((f) => f.fileType === t).map((f) => file(f.filePath))
    const template = of('Template')[0] ?? null
    request =
      type === 'ExcelImportJob'
        ? { type, ...base, template, data: of('Data'), combined: of('Combined'), attachments: of('Attachment') }
        : { type, ...base, template, data: of('Data'), attachments: of('Attachment') }
  }
  const iso = now.toISOString()
  return {
    id: randomUUID(),
    createdAt: iso,
    updatedAt: iso,
    request,
    files: requestPaths(request).map((path) => ({ path, fingerprint: null, origin: 'server' as const })),
    submission: null,
    lastError: null,
    archivedAt: null,
    source: { kind: 'job', jobId }
  }
}

function unreadable(): AppError {
  return new AppError(
    'ServerResponseInvalid',
    'The server returned job parameters that JobQueue Desktop cannot read, so the job cannot be copied to a draft.'
  )
}
