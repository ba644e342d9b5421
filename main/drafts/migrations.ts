import { z } from 'zod'
import type { DraftRecord } from '../../common/drafts'

/**
 * Schema version 1 of a draft file, as the first releases wrote it: the name beside the request,
 * `created`/`updated` times, each file with its size and modification time but no hash, and a bare
 * `jobId` once submitted. Version 2 adds per-file SHA-256, submission and error state, and archiving.
 */
export const draftV1Schema = z.object({
  id: z.string(),
  name: z.string(),
  created: z.string(),
  updated: z.string(),
  request: z.record(z.string(), z.unknown()),
  files: z.array(z.object({ path: z.string(), size: z.number(), mtime: z.string() })),
  jobId: z.string().nullable().optional()
})
export type DraftV1 = z.infer<typeof draftV1Schema>

/**
 * Upgrades the stored data of an older version to the current shape (before it is parsed by the v2 schema).
 * v1 files get a fingerprint without hash; the store fills the hash in on load when the file is unchanged.
 */
export function migrateDraft(data: unknown, fromVersion: number): unknown {
  if (fromVersion !== 1) throw new Error(`draft schema ${fromVersion} cannot be upgraded`)
  const v1 = draftV1Schema.parse(data)
  const mtime = (iso: string) => {
    const ms = Date.parse(iso)
    if (Number.isNaN(ms)) throw new Error(`files: "${iso}" is not a date`)
    return ms
  }
  const upgraded: Omit<DraftRecord, 'request'> & { request: unknown } = {
    id: v1.id,
    createdAt: v1.created,
    updatedAt: v1.updated,
    request: { ...v1.request, name: typeof v1.request['name'] === 'string' ? v1.request['name'] : v1.name },
    files: v1.files.map((f) => ({
      path: f.path,
      fingerprint: { size: f.size, mtimeMs: mtime(f.mtime), sha256: null, recordedAt: v1.updated },
      origin: 'local' as const
    })),
    submission: v1.jobId ? { status: 'submitted', jobId: v1.jobId, submittedAt: v1.updated } : null,
    lastError: null,
    archivedAt: null,
    source: { kind: 'new' }
  }
  return upgraded
}
