import { posix, win32 } from 'node:path'
import { validateJobRequest } from '../../common/job-request'
import type { AttentionReason, DraftFile, DraftRecord, DraftState, FileCheck } from '../../common/drafts'
import type { FileChecker } from './fingerprint'

export interface DerivedState {
  state: DraftState
  reasons: AttentionReason[]
  /** Files that exist now but had no fingerprint yet: the caller records them. */
  unrecorded: string[]
}

export function isAbsolutePath(path: string): boolean {
  return win32.isAbsolute(path) || posix.isAbsolute(path)
}

/**
 * A draft's state from its record, its files on disk and the request rules:
 * submitted > submitting > needs attention (with every reason) > ready.
 */
export async function deriveState(
  record: DraftRecord,
  checker: FileChecker,
  submitting: boolean
): Promise<DerivedState> {
  if (record.submission?.status === 'submitted') return { state: 'submitted', reasons: [], unrecorded: [] }
  if (submitting) return { state: 'submitting', reasons: [], unrecorded: [] }

  const reasons: AttentionReason[] = []
  const unrecorded: string[] = []
  if (record.submission?.status === 'submitting') {
    reasons.push({
      kind: 'interrupted',
      message: `The app stopped while this draft was being submitted. Check the queue for a job named "${record.request.name}" before you submit it again.`
    })
  }
  for (const file of record.files) {
    const reason = await fileReason(file, checker)
    if (reason === 'unrecorded') unrecorded.push(file.path)
    else if (reason) reasons.push(reason)
  }
  for (const issue of validateJobRequest(record.request)) {
    reasons.push({ kind: 'rule', field: issue.field, message: issue.message })
  }
  return { state: reasons.length ? 'needsAttention' : 'ready', reasons, unrecorded }
}

async function fileReason(file: DraftFile, checker: FileChecker): Promise<AttentionReason | 'unrecorded' | null> {
  const { path } = file
  if (file.origin === 'server') {
    return {
      kind: 'fileFromServer',
      path,
      message: `The server kept "${path}" for the original job. Pick the file on this computer, or a folder that holds it.`
    }
  }
  if (!isAbsolutePath(path)) {
    return {
      kind: 'fileMissing',
      path,
      message: `"${path}" is not a full path. Pick the file again, or type its full path.`
    }
  }
  // An imported draft names paths someone else chose: nothing is stat-ed (no SMB lookup of \\host\share) until relinked.
  if (file.origin === 'imported' || !checker.mayTouch(path)) {
    return {
      kind: 'fileMissing',
      path,
      message:
        file.origin === 'imported'
          ? `"${path}" came with an imported draft. Pick the file on this computer, or a folder that holds it.`
          : `JobQueue Desktop may only use files you chose. Choose "${path}" again, or a folder that holds it.`
    }
  }
  const check: FileCheck = await checker.check(path, file.fingerprint)
  switch (check.status) {
    case 'ok':
      return null
    case 'unrecorded':
      return 'unrecorded'
    case 'missing':
      return {
        kind: 'fileMissing',
        path,
        message: `"${path}" is missing: it was moved, renamed or deleted, or its drive or share is not available. Pick the file again, or a folder that holds it.`
      }
    case 'unreadable':
      return {
        kind: 'fileUnreadable',
        path,
        message: `"${path}" cannot be read. Check that it is not locked by another program and that you may read it.`
      }
    case 'changed':
      return {
        kind: 'fileChanged',
        path,
        changed: check.changed,
        message: `"${path}" has changed since it was added (${describeChanges(check.changed)}). Pick it again to use it as it is now.`
      }
  }
}

function describeChanges(changed: ('size' | 'mtime' | 'hash')[]): string {
  const words = { size: 'its size', mtime: 'its modification time', hash: 'its content' }
  return changed.map((c) => words[c]).join(', ')
}
