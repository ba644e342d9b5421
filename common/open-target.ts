import { z } from 'zod'

/**
 * Where the app can be told to open from outside the window (a jump list task, the tray): a fixed list, never a
 * path from the command line. Main parses `--open=/<target>` into one of these; the renderer maps it to its route.
 */
export const openTargets = ['new/excel', 'new/text', 'new/export', 'new', 'drafts', 'downloads', 'queue'] as const
export const openTargetSchema = z.enum(openTargets)
export type OpenTarget = z.infer<typeof openTargetSchema>
