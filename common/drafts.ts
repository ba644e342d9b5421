import { z } from 'zod'
import { jobRequestSchema } from './job-request'
import { errorValueSchema } from './errors'

/**
 * Offline drafts: what is stored per draft, the state derived from it, and the shapes that cross IPC.
 * The request itself and its rules belong to common/domain.ts.
 */

const isoDate = z.iso.datetime({ offset: true })
export const draftIdSchema = z.uuid()

/** What a file looked like when it was added to a draft. `sha256` is null only for drafts upgraded from v1 whose file had already changed. */
export const fileFingerprintSchema = z
  .object({
    size: z.number().int().nonnegative(),
    mtimeMs: z.number().int(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
    recordedAt: isoDate
  })
  .strict()
export type FileFingerprint = z.infer<typeof fileFingerprintSchema>

/** One file a draft's request refers to. */
export const draftFileSchema = z
  .object({
    /** Absolute path on this machine, exactly as it appears in the request. */
    path: z.string().min(1),
    /** null: the file was not there when it was added (typed path, server copy, imported draft). */
    fingerprint: fileFingerprintSchema.nullable(),
    /** `server`: the server kept this file for a job this draft was copied from; it must be picked again here. */
    origin: z.enum(['local', 'imported', 'server'])
  })
  .strict()
export type DraftFile = z.infer<typeof draftFileSchema>

export const draftSubmissionSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('submitting'), startedAt: isoDate }).strict(),
  z.object({ status: z.literal('submitted'), jobId: z.string().min(1), submittedAt: isoDate }).strict()
])

export const draftSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('new') }).strict(),
  z.object({ kind: z.literal('duplicate'), of: draftIdSchema }).strict(),
  z.object({ kind: z.literal('import'), file: z.string() }).strict(),
  z.object({ kind: z.literal('job'), jobId: z.string() }).strict()
])

/** A draft as stored in `<dataDir>/drafts/<id>.json` (schema version 2). */
export const draftRecordSchema = z
  .object({
    id: draftIdSchema,
    createdAt: isoDate,
    updatedAt: isoDate,
    request: jobRequestSchema,
    files: z.array(draftFileSchema),
    submission: draftSubmissionSchema.nullable(),
    /** The error of the last failed submission; cleared by an edit or a successful submission. */
    lastError: errorValueSchema.nullable(),
    archivedAt: isoDate.nullable(),
    source: draftSourceSchema
  })
  .strict()
export type DraftRecord = z.infer<typeof draftRecordSchema>

export const DRAFT_SCHEMA_VERSION = 2

export const draftStateSchema = z.enum(['ready', 'needsAttention', 'submitting', 'submitted'])
export type DraftState = z.infer<typeof draftStateSchema>

/** Why a draft needs attention; `field` points at the request field a rule failed on. */
export const attentionReasonSchema = z
  .object({
    kind: z.enum(['fileMissing', 'fileChanged', 'fileUnreadable', 'fileFromServer', 'rule', 'interrupted']),
    message: z.string(),
    path: z.string().optional(),
    field: z.string().optional(),
    changed: z.array(z.enum(['size', 'mtime', 'hash'])).optional()
  })
  .strict()
export type AttentionReason = z.infer<typeof attentionReasonSchema>

/** Reasons that stop a draft from being submitted; an interrupted submission is only a warning. */
export function blocksSubmission(reason: AttentionReason): boolean {
  return reason.kind !== 'interrupted'
}

/** The result of comparing a file on disk with its fingerprint. */
export type FileCheck =
  | { status: 'ok' }
  | { status: 'missing' }
  | { status: 'unreadable' }
  | { status: 'unrecorded' }
  | { status: 'changed'; changed: ('size' | 'mtime' | 'hash')[] }

export const draftViewSchema = draftRecordSchema.extend({
  name: z.string(),
  state: draftStateSchema,
  reasons: z.array(attentionReasonSchema)
})
export type DraftView = z.infer<typeof draftViewSchema>

/** One row of the Drafts view. */
export const draftSummarySchema = z.object({
  id: draftIdSchema,
  name: z.string(),
  type: z.string(),
  state: draftStateSchema,
  reasons: z.array(attentionReasonSchema),
  fileCount: z.number().int().nonnegative(),
  createdAt: isoDate,
  updatedAt: isoDate,
  jobId: z.string().nullable(),
  archived: z.boolean(),
  lastError: errorValueSchema.nullable()
})
export type DraftSummary = z.infer<typeof draftSummarySchema>

/** A draft file that could not be read: moved aside, never deleted. */
export const draftProblemSchema = z.object({ file: z.string(), movedTo: z.string(), reason: z.string() })
export type DraftProblem = z.infer<typeof draftProblemSchema>

export const draftListSchema = z.object({ drafts: z.array(draftSummarySchema), problems: z.array(draftProblemSchema) })
export type DraftList = z.infer<typeof draftListSchema>

/** The `.jqdraft` exchange file: the request and the fingerprints of its files; nothing about servers or users. */
export const JQDRAFT_FORMAT = 'jobqueue-desktop.draft'
export const JQDRAFT_VERSION = 1
export const jqDraftSchema = z
  .object({
    format: z.literal(JQDRAFT_FORMAT),
    version: z.literal(JQDRAFT_VERSION),
    exportedAt: isoDate,
    request: jobRequestSchema,
    files: z.array(z.object({ path: z.string().min(1), fingerprint: fileFingerprintSchema.nullable() }).strict())
  })
  .strict()
export type JqDraft = z.infer<typeof jqDraftSchema>

export const relinkResultSchema = z.object({
  draft: draftViewSchema,
  relinked: z.array(z.object({ from: z.string(), to: z.string() })),
  unmatched: z.array(z.string())
})
export type RelinkResult = z.infer<typeof relinkResultSchema>

// ---- Submission progress ----

export const draftSubmitPhaseSchema = z.enum([
  'queued',
  /** The server refused the sign-in; the draft is sent again once the user has signed in. */
  'signIn',
  'uploading',
  'creating',
  'submitted',
  'failed',
  'cancelled',
  'skipped'
])
export type DraftSubmitPhase = z.infer<typeof draftSubmitPhaseSchema>

/** Why a draft of a batch was not sent: it already was, or it needs attention first (nothing was tried). */
export const skipReasonSchema = z.object({
  kind: z.enum(['alreadySubmitted', 'needsAttention']),
  message: z.string()
})
export type SkipReason = z.infer<typeof skipReasonSchema>

export const draftProgressSchema = z.object({
  id: draftIdSchema,
  name: z.string(),
  phase: draftSubmitPhaseSchema,
  /** The file being uploaded (1-based) and how many the draft has. */
  fileIndex: z.number().int().nonnegative(),
  fileCount: z.number().int().nonnegative(),
  filePath: z.string().nullable(),
  bytesSent: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  jobId: z.string().nullable(),
  error: errorValueSchema.nullable(),
  /** Set with the `skipped` phase. */
  skipped: skipReasonSchema.nullable().optional()
})
export type DraftProgress = z.infer<typeof draftProgressSchema>

/** A draft of a batch that has not started sending yet. */
export function queuedDraftProgress(id: string, name: string): DraftProgress {
  return {
    id,
    name,
    phase: 'queued',
    fileIndex: 0,
    fileCount: 0,
    filePath: null,
    bytesSent: 0,
    bytesTotal: 0,
    jobId: null,
    error: null
  }
}

/** `drafts.progress`: the batch's totals and the drafts whose progress changed since the last event. */
export const batchProgressSchema = z.object({
  batchId: z.string(),
  total: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  bytesSent: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  done: z.boolean(),
  cancelled: z.boolean(),
  drafts: z.array(draftProgressSchema)
})
export type BatchProgress = z.infer<typeof batchProgressSchema>

export const batchResultSchema = z.object({
  batchId: z.string(),
  cancelled: z.boolean(),
  results: z.array(
    z.object({
      id: draftIdSchema,
      outcome: z.enum(['submitted', 'failed', 'cancelled', 'skipped']),
      jobId: z.string().nullable(),
      error: errorValueSchema.nullable(),
      /** Set with the `skipped` outcome. */
      skipped: skipReasonSchema.nullable().optional()
    })
  )
})
export type BatchResult = z.infer<typeof batchResultSchema>

/** `drafts.changed`: the rows that changed and the ids that went away. */
export const draftsChangedSchema = z.object({ changed: z.array(draftSummarySchema), removed: z.array(draftIdSchema) })
export type DraftsChanged = z.infer<typeof draftsChangedSchema>
