import { z } from 'zod'

/** Channels for local files and native dialogs; spread into common/contract.ts. */
const path = z.string().min(1).max(32_767)
const filter = z.object({ name: z.string().max(200), extensions: z.array(z.string().max(20)).max(50) })

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

export const desktopChannels = {
  'desktop.capabilities': { input: z.undefined(), output: z.object({ nativeDialogs: z.boolean() }) },
  'desktop.openFiles': {
    input: z
      .object({
        title: z.string().max(200).optional(),
        multiple: z.boolean().optional(),
        filters: z.array(filter).max(20).optional()
      })
      .strict(),
    output: z.object({ paths: z.array(z.string()).nullable() })
  },
  'desktop.chooseFolder': {
    input: z.object({ title: z.string().max(200).optional(), defaultPath: path.optional() }).strict(),
    output: z.object({ path: z.string().nullable() })
  },
  /** The native save dialog; `path` is null when cancelled or when there are no native dialogs (browser host). */
  'desktop.saveFile': {
    input: z
      .object({
        title: z.string().max(200).optional(),
        defaultPath: path.optional(),
        filters: z.array(filter).max(20).optional()
      })
      .strict(),
    output: z.object({ path: z.string().nullable() })
  },
  'desktop.openPath': { input: z.object({ path }).strict(), output: z.null() },
  'desktop.showItemInFolder': { input: z.object({ path }).strict(), output: z.null() },
  'files.inspect': {
    input: z.object({ paths: z.array(path).max(1000) }).strict(),
    output: z.object({ files: z.array(fileInfoSchema) })
  },
  'files.readRecordList': { input: z.object({ path }).strict(), output: recordListSchema }
} as const
