import { z } from 'zod'

/** Local files as main reports them to the renderer. */

export const fileInfoSchema = z.object({
  path: z.string(),
  exists: z.boolean(),
  isFile: z.boolean(),
  readable: z.boolean(),
  size: z.number().nullable(),
  modified: z.string().nullable(),
  /** Why the file cannot be used, in words; null when it can. */
  problem: z.string().nullable()
})
export type FileInfo = z.infer<typeof fileInfoSchema>

export const exportRecordRowSchema = z.object({
  historyIdentity: z.number().int(),
  version: z.number().int().nullable()
})
export const recordListSchema = z.object({
  records: z.array(exportRecordRowSchema),
  /** Lines that could not be read, with the reason. */
  skipped: z.array(z.object({ line: z.number().int(), text: z.string(), reason: z.string() }))
})
export type RecordList = z.infer<typeof recordListSchema>
