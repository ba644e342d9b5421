import { z } from 'zod'

/** The app itself: `app.*`. */
const noInput = z.undefined()

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  host: z.enum(['electron', 'browser']),
  versions: z.record(z.string(), z.string()),
  dataDir: z.string()
})
export type AppInfo = z.infer<typeof appInfoSchema>

/** A button on an in-page notice: the browser host's stand-in for clicking a system notification about a job. */
export const noticeActionSchema = z.object({ label: z.string().min(1), jobId: z.string().min(1) })
export type NoticeAction = z.infer<typeof noticeActionSchema>

export const appChannels = {
  'app.info': { input: noInput, output: appInfoSchema },
  'app.ping': {
    input: z.object({ message: z.string().max(10_000) }).strict(),
    output: z.object({ message: z.string(), receivedAt: z.string() })
  }
} as const

export const appEvents = {
  'app.notice': z.object({
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
    action: noticeActionSchema.optional()
  }),
  /** Browser host only: open a single sign-on page in a new tab (Electron opens the system browser itself). */
  'app.openUrl': z.object({ url: z.string().url().max(8000) })
} as const
