import { z } from 'zod'
import {
  addResultSchema,
  affectedSchema,
  bandwidthLimitSchema,
  batchRequestSchema,
  concurrencySchema,
  downloadSettingsSchema,
  folderPathSchema,
  downloadTargetSchema,
  downloadsListSchema,
  previewSchema,
  progressEventSchema
} from '../downloads'

/** The download manager: `downloads.*`. */
const noInput = z.undefined()

export const downloadChannels = {
  /** The paths a batch would produce, and whether a file is already there. Needs a connection. */
  'downloads.preview': { input: batchRequestSchema, output: previewSchema },
  /** Queues a batch: one output, all outputs of some jobs, or of every job matching a filter. */
  'downloads.add': { input: batchRequestSchema, output: addResultSchema },
  'downloads.list': { input: noInput, output: downloadsListSchema },
  'downloads.pause': { input: downloadTargetSchema, output: affectedSchema },
  'downloads.resume': { input: downloadTargetSchema, output: affectedSchema },
  /** Stops and removes the partial file; done items are left alone. */
  'downloads.cancel': { input: downloadTargetSchema, output: affectedSchema },
  /** Failed items start again (a single cancelled item too). */
  'downloads.retry': { input: downloadTargetSchema, output: affectedSchema },
  /** Removes done and cancelled items (of one batch, or all) from the list; files stay on disk. */
  'downloads.clearCompleted': {
    input: z
      .object({ batchId: z.string().min(1).optional() })
      .strict()
      .optional(),
    output: z.object({ removed: z.number().int() })
  },
  'downloads.setConcurrency': {
    input: z.object({ concurrency: concurrencySchema }).strict(),
    output: downloadSettingsSchema
  },
  'downloads.setBandwidthLimit': {
    input: z.object({ bytesPerSecond: bandwidthLimitSchema }).strict(),
    output: downloadSettingsSchema
  },
  /** Settings → Downloads: the default folder (null: none, the last one used is offered). Main checks its grant. */
  'downloads.setDefaultFolder': {
    input: z.object({ folder: folderPathSchema.nullable() }).strict(),
    output: downloadSettingsSchema
  },
  /** The folder the download dialog starts with: the default folder, else the one last used with the connection. */
  'downloads.destination': {
    input: z
      .object({ connectionId: z.string().trim().min(1).max(100).optional() })
      .strict()
      .optional(),
    output: z.object({ destination: z.string().nullable() })
  }
} as const

export const downloadEvents = {
  /** Throttled (≤ 10 per second); only what changed since the previous event. */
  'downloads.progress': progressEventSchema
} as const
