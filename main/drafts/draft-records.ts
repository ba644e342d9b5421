import { jobRequestSchema, type JobRequest, type JobRequestInput } from '../../common/job-request'
import type { DraftFile, DraftRecord, DraftSummary, DraftView, FileFingerprint } from '../../common/drafts'
import { AppError } from '../../common/errors'
import type { DerivedState } from './derive-state'
import type { FileChecker } from './fingerprint'
import { mapRequestPaths, requestPaths } from './request-paths'

/** Pure helpers on draft records: parsing input, naming, the list row and the full view, relinking. */

export type FileMoves = Map<string, { path: string; fingerprint: FileFingerprint }>

export function parseRequest(input: JobRequestInput): JobRequest {
  const parsed = jobRequestSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new AppError(
      'Validation',
      `The job request is not valid: ${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`,
      {
        issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }))
      }
    )
  }
  return parsed.data
}

export function busy(r: DraftRecord): AppError {
  return new AppError(
    'Conflict',
    `"${displayName(r)}" is being submitted. Wait until it has finished, or cancel the submission.`
  )
}

export function displayName(r: DraftRecord): string {
  return r.request.name.trim() || 'Untitled draft'
}

export function copyName(name: string): string {
  return name.trim() ? `${name.trim()} (copy)` : ''
}

export function toSummary(r: DraftRecord, d: DerivedState | undefined): DraftSummary {
  return {
    id: r.id,
    name: displayName(r),
    type: r.request.type,
    state: d?.state ?? 'needsAttention',
    reasons: d?.reasons ?? [],
    fileCount: r.files.length,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    jobId: r.submission?.status === 'submitted' ? r.submission.jobId : null,
    archived: r.archivedAt !== null,
    lastError: r.lastError
  }
}

export function toView(r: DraftRecord, d: DerivedState | undefined): DraftView {
  return {
    ...structuredClone(r),
    name: displayName(r),
    state: d?.state ?? 'needsAttention',
    reasons: d?.reasons ?? []
  }
}

/** Points every use of a moved file at its new path; the file list follows the request's order. */
export function relinkRecord(r: DraftRecord, moves: FileMoves, updatedAt: string): DraftRecord {
  const request = mapRequestPaths(r.request, (p) => moves.get(p)?.path ?? p)
  const byPath = new Map<string, DraftFile>()
  for (const f of r.files) {
    const move = moves.get(f.path)
    const next: DraftFile = move ? { path: move.path, fingerprint: move.fingerprint, origin: 'local' } : f
    byPath.set(next.path, next)
  }
  return { ...r, request, files: requestPaths(request).flatMap((p) => byPath.get(p) ?? []), updatedAt }
}

/** The file entries for a request: kept for paths already in the draft, fingerprinted now for new ones. */
export async function filesFor(request: JobRequest, current: DraftFile[], checker: FileChecker): Promise<DraftFile[]> {
  const known = new Map(current.map((f) => [f.path, f]))
  const out: DraftFile[] = []
  for (const path of requestPaths(request)) {
    out.push(known.get(path) ?? { path, fingerprint: await checker.fingerprint(path), origin: 'local' })
  }
  return out
}

/** A draft upgraded from v1 has no hashes: take them now for files that still match their size and time. */
export async function withHashes(r: DraftRecord, checker: FileChecker): Promise<DraftRecord> {
  const files: DraftFile[] = []
  for (const f of r.files) {
    const fp = f.fingerprint
    if (fp && fp.sha256 === null && (await checker.check(f.path, fp)).status === 'ok') {
      const now = await checker.fingerprint(f.path)
      files.push(
        now && now.size === fp.size && now.mtimeMs === fp.mtimeMs
          ? { ...f, fingerprint: { ...fp, sha256: now.sha256 } }
          : f
      )
    } else {
      files.push(f)
    }
  }
  return { ...r, files }
}
