import { z } from 'zod'
import { openTargetSchema } from '../open-target'
import { logLevelSchema, policyInfoSchema } from '../policy'

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
/** A notice's button: open a job, sign in again to a connection whose server refused the session, or restart to update. */
export const noticeActionSchema = z.union([
  z.object({ label: z.string().min(1), jobId: z.string().min(1) }),
  z.object({ label: z.string().min(1), signIn: z.string().min(1) }),
  z.object({ label: z.string().min(1), restartToUpdate: z.literal(true) })
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

/** The log level in force, what the user chose in Settings, and what IT set (which wins when set). */
export const logLevelInfoSchema = z.object({
  level: logLevelSchema,
  chosen: logLevelSchema,
  policy: logLevelSchema.nullable()
})
export type LogLevelInfo = z.infer<typeof logLevelInfoSchema>

/** Where the update feature is: off (no update server), waiting, or busy with an update (main/updates). */
export const updateStateSchema = z.enum(['disabled', 'idle', 'checking', 'available', 'downloading', 'ready', 'error'])
export type UpdateState = z.infer<typeof updateStateSchema>

export const updateStatusSchema = z.object({
  state: updateStateSchema,
  /** One sentence for the user: what is happening, or what went wrong and what to do. */
  message: z.string(),
  currentVersion: z.string(),
  /** The version on the update server, once one newer than this copy was found. */
  version: z.string().nullable(),
  progress: z.object({ transferred: z.number().nonnegative(), total: z.number().nonnegative() }).nullable(),
  /** The desktop app installs updates; the browser host only finds, downloads and verifies them. */
  canInstall: z.boolean(),
  /** The update server's address as IT set it (policy UpdateUrl); null when updates are off. */
  server: z.string().nullable(),
  /** When the last check finished (ISO time), or null before the first. */
  checkedAt: z.string().nullable()
})
export type UpdateStatus = z.infer<typeof updateStatusSchema>

const path = z.string().min(1).max(32_767)

export const appChannels = {
  /** What IT set for this machine; Settings marks those values "set by your organisation". */
  'app.policy': { input: noInput, output: policyInfoSchema },
  'app.notices': { input: noInput, output: noticesSchema },
  'app.openChromiumLicences': { input: noInput, output: z.null() },
  /** The page the app was started for (a jump list task's `--open=`), once; null after that or when there was none. */
  'app.launchTarget': { input: noInput, output: z.object({ target: openTargetSchema.nullable() }) },
  'app.info': { input: noInput, output: appInfoSchema },
  /** Help → Diagnostics: a plain-text report for support (versions, server, settings, recent log), no secrets. */
  'app.diagnostics': { input: noInput, output: z.object({ text: z.string() }) },
  /** The report and the log files as a zip, to a path the user chose (granted by the save dialog or confirmed). */
  'app.saveDiagnostics': {
    input: z.object({ path }).strict(),
    output: z.object({ path: z.string(), logFiles: z.number().int() })
  },
  /** Opens the app's own logs folder; main knows where it is, so the renderer names no path. */
  'app.openLogsFolder': { input: noInput, output: z.null() },
  'app.logLevel': { input: noInput, output: logLevelInfoSchema },
  /** Saved and applied at once; refused with Forbidden while IT policy sets the level. */
  'app.setLogLevel': { input: z.object({ level: logLevelSchema }).strict(), output: logLevelInfoSchema },
  /** Help → Updates: where the update feature stands. */
  'app.updateStatus': { input: noInput, output: updateStatusSchema },
  /** Asks the update server now; an update found is downloaded and verified. Answers when the check is done. */
  'app.checkForUpdates': { input: noInput, output: updateStatusSchema },
  /** Quits and installs the update that is ready (the desktop app only). */
  'app.restartToUpdate': { input: noInput, output: z.null() },
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
  /** The update status changed (download progress at most a few times a second). */
  'app.updateStatusChanged': updateStatusSchema,
  /** Open a page the app was asked for from outside the window (a jump list task, the tray): an allow-listed target. */
  'app.navigate': z.object({ target: openTargetSchema })
} as const
