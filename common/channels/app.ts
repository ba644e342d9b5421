import { z } from 'zod'
import { openTargetSchema } from '../open-target'
import { policyInfoSchema } from '../policy'

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
/** A notice's button: open a job, or sign in again to a connection whose server refused the session. */
export const noticeActionSchema = z.union([
  z.object({ label: z.string().min(1), jobId: z.string().min(1) }),
  z.object({ label: z.string().min(1), signIn: z.string().min(1) })
])
export type NoticeAction = z.infer<typeof noticeActionSchema>

/** One third-party package the app ships, with its licence (out/notices, written at build time). */
export const packageNoticeSchema = z.object({
  name: z.string(),
  version: z.string(),
  license: z.string(),
  text: z.string().nullable()
})
export type PackageNoticeInfo = z.infer<typeof packageNoticeSchema>

export const noticesSchema = z.object({
  packages: z.array(packageNoticeSchema),
  /** Electron's own LICENSES.chromium.html sits beside the executable (false in the browser host or a dev run). */
  chromiumLicences: z.boolean()
})
export type Notices = z.infer<typeof noticesSchema>

export const appChannels = {
  /** What IT set for this machine; Settings marks those values "set by your organisation". */
  'app.policy': { input: noInput, output: policyInfoSchema },
  'app.notices': { input: noInput, output: noticesSchema },
  'app.openChromiumLicences': { input: noInput, output: z.null() },
  /** The page the app was started for (a jump list task's `--open=`), once; null after that or when there was none. */
  'app.launchTarget': { input: noInput, output: z.object({ target: openTargetSchema.nullable() }) },
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
  'app.openUrl': z.object({ url: z.string().url().max(8000) }),
  /** Open a page the app was asked for from outside the window (a jump list task, the tray): an allow-listed target. */
  'app.navigate': z.object({ target: openTargetSchema })
} as const
