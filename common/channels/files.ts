import { z } from 'zod'
import { fileInfoSchema, recordListSchema } from '../files'

/** Local files and native dialogs: `files.*` and `desktop.*`. */
const path = z.string().min(1).max(32_767)
const filter = z.object({ name: z.string().max(200), extensions: z.array(z.string().max(20)).max(50) })

/** The app theme the window's native parts (title bar, menus, dialogs) follow. */
export const nativeThemeSchema = z.enum(['light', 'dark', 'system'])
export type NativeTheme = z.infer<typeof nativeThemeSchema>

export const fileChannels = {
  /** The in-app theme, for the window's native parts (Electron's nativeTheme); nothing happens in the browser host. */
  'desktop.setTheme': { input: z.object({ theme: nativeThemeSchema }).strict(), output: z.null() },
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
