import { z } from 'zod'
import {
  batchProgressSchema,
  draftIdSchema,
  draftListSchema,
  draftsChangedSchema,
  draftViewSchema,
  relinkResultSchema
} from '../drafts'
import { errorValueSchema } from '../errors'
import { jobRequestSchema } from '../job-request'

/** Job drafts kept on this computer, and submitting them: `drafts.*`. */
const noInput = z.undefined()

/** A draft file handed to the app (file association, `--import`, a second start): the new draft, or why not. */
export const handOffSchema = z.union([
  z.object({ file: z.string(), draft: z.object({ id: draftIdSchema, name: z.string() }) }),
  z.object({ file: z.string(), error: errorValueSchema })
])
export type HandOff = z.infer<typeof handOffSchema>
const idInput = z.object({ id: draftIdSchema }).strict()
const pathInput = z.string().trim().min(1, 'Choose a file.').max(32_767)

const draftInputs = {
  list: z
    .object({ includeArchived: z.boolean().default(false) })
    .strict()
    .optional(),
  get: idInput,
  create: z.object({ request: jobRequestSchema }).strict(),
  update: z.object({ id: draftIdSchema, request: jobRequestSchema }).strict(),
  duplicate: idInput,
  rename: z.object({ id: draftIdSchema, name: z.string().max(1000) }).strict(),
  delete: idInput,
  undoDelete: z.object({ token: z.string().min(1) }).strict(),
  archive: z.object({ id: draftIdSchema, archived: z.boolean().default(true) }).strict(),
  export: z.object({ id: draftIdSchema, path: pathInput }).strict(),
  import: z.object({ path: pathInput }).strict(),
  relink: z.union([
    z.object({ id: draftIdSchema, from: z.string().min(1), to: pathInput }).strict(),
    z.object({ id: draftIdSchema, folder: pathInput }).strict()
  ]),
  submit: z.object({ ids: z.array(draftIdSchema).min(1, 'Choose at least one draft.').max(1000) }).strict(),
  cancelSubmit: z.object({ batchId: z.string().min(1) }).strict(),
  /** Copies the create request of a job in the queue (`:retrieve-definition`) into a new draft. */
  fromJob: z.object({ jobId: z.string().min(1).max(200) }).strict()
}

const deleteResultSchema = z.object({ token: z.string(), expiresAt: z.iso.datetime({ offset: true }) })
const exportResultSchema = z.object({ path: z.string() })
const submitStartedSchema = z.object({ batchId: z.string() })
const cancelSubmitResultSchema = z.object({ cancelled: z.boolean() })

export const draftChannels = {
  'drafts.list': { input: draftInputs.list, output: draftListSchema },
  'drafts.get': { input: draftInputs.get, output: draftViewSchema },
  'drafts.create': { input: draftInputs.create, output: draftViewSchema },
  'drafts.update': { input: draftInputs.update, output: draftViewSchema },
  'drafts.duplicate': { input: draftInputs.duplicate, output: draftViewSchema },
  'drafts.rename': { input: draftInputs.rename, output: draftViewSchema },
  /** Moves a draft to the trash; `drafts.undoDelete` with the token brings it back for a few seconds. */
  'drafts.delete': { input: draftInputs.delete, output: deleteResultSchema },
  'drafts.undoDelete': { input: draftInputs.undoDelete, output: draftViewSchema },
  'drafts.archive': { input: draftInputs.archive, output: draftViewSchema },
  'drafts.export': { input: draftInputs.export, output: exportResultSchema },
  'drafts.import': { input: draftInputs.import, output: draftViewSchema },
  /** One file (`from` → `to`), or every missing file from a folder (matched by name, size and SHA-256). */
  'drafts.relink': { input: draftInputs.relink, output: relinkResultSchema },
  /** Re-checks files and rules of every draft (call when the window regains focus). */
  'drafts.refresh': { input: noInput, output: draftListSchema },
  /** Starts submitting one or many drafts, one after another; follow `drafts.progress`. Needs a connection. */
  'drafts.submit': { input: draftInputs.submit, output: submitStartedSchema },
  'drafts.cancelSubmit': { input: draftInputs.cancelSubmit, output: cancelSubmitResultSchema },
  /** "Copy to new draft" from a job in the queue. Needs a connection. */
  'drafts.fromJob': { input: draftInputs.fromJob, output: draftViewSchema },
  /** The draft files handed to the app since the last call (announced by `drafts.handedOff`). */
  'drafts.takeHandOffs': { input: noInput, output: z.array(handOffSchema).max(50) }
} as const

export const draftEvents = {
  'drafts.changed': draftsChangedSchema,
  'drafts.progress': batchProgressSchema,
  /** Draft files were handed to the app: take them with `drafts.takeHandOffs`. */
  'drafts.handedOff': z.object({})
} as const
