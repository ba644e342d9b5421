import { z } from 'zod'
import { jobSchema } from './domain'
import { errorValueSchema } from './errors'

/** Where the shown queue came from: the server just now, or the last copy kept on disk. */
export const queueSourceSchema = z.enum(['server', 'cache'])

/** The whole queue, sent once when a view opens; after that only deltas. */
export const queueSnapshotSchema = z.object({
  connectionId: z.string().nullable(),
  jobs: z.array(jobSchema),
  source: queueSourceSchema,
  /** ISO UTC time of the last successful poll (or of the cached copy). */
  lastUpdated: z.string().nullable(),
  /** The reason the last poll failed, while it keeps failing. */
  error: errorValueSchema.nullable(),
  /** Milliseconds until the next poll; null while paused. */
  nextPollMs: z.number().nullable(),
  paused: z.boolean()
})
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>

export const queueDeltaSchema = z.object({
  connectionId: z.string().nullable(),
  /** True when the receiver must drop what it has first (a new connection, or the cache replaced by the server). */
  reset: z.boolean(),
  added: z.array(jobSchema),
  changed: z.array(jobSchema),
  removed: z.array(z.string()),
  source: queueSourceSchema,
  lastUpdated: z.string().nullable(),
  error: errorValueSchema.nullable(),
  nextPollMs: z.number().nullable(),
  paused: z.boolean()
})
export type QueueDelta = z.infer<typeof queueDeltaSchema>

export const notificationSettingsSchema = z.object({
  /** Notify when one of my jobs succeeds, fails or is cancelled. */
  myJobs: z.boolean()
})
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>
