import { access, readFile } from 'node:fs/promises'
import { z } from 'zod'
import { packageNoticeSchema, type Notices } from '../../common/channels/app'
import { AppError } from '../../common/errors'

const fileSchema = z.object({ version: z.literal(1), packages: z.array(z.unknown()) })

export interface NoticesSource {
  /** out/notices/third-party-notices.json, written by the build (scripts/notices). */
  noticesFile: string
  /** Electron's LICENSES.chromium.html beside the executable; undefined in the browser host. */
  chromiumLicencesFile?: string
}

/** Reads the build's notices file; an entry that does not parse is skipped, a missing file is an error value. */
export async function readNotices(source: NoticesSource): Promise<Notices> {
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(source.noticesFile, 'utf8'))
  } catch {
    throw new AppError(
      'FileNotFound',
      'The third-party licence notices are missing from this copy of the app. Reinstall JobQueue Desktop.'
    )
  }
  const file = fileSchema.safeParse(raw)
  const packages = file.success
    ? file.data.packages.flatMap((p) => {
        const parsed = packageNoticeSchema.safeParse(p)
        return parsed.success ? [parsed.data] : []
      })
    : []
  return { packages, chromiumLicences: await exists(source.chromiumLicencesFile) }
}

async function exists(path: string | undefined): Promise<boolean> {
  if (!path) return false
  return access(path).then(
    () => true,
    () => false
  )
}
