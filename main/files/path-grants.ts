import { z } from 'zod'
import { AppError } from '../../common/errors'
import { JsonFile } from '../store/json-file'
import { hasStreamSuffix, isUncOrDevicePath, isWithin, pathApi, pathKey, type Platform } from './path-shape'

/** Where a grant came from. Only a native dialog may grant a UNC or device path. */
export type GrantSource = 'dialog' | 'drop' | 'download' | 'import' | 'relink' | 'typed'
export type GrantKind = 'file' | 'folder'

const grantSchema = z.object({
  path: z.string().min(1).max(32_767),
  kind: z.enum(['file', 'folder']),
  source: z.enum(['dialog', 'drop', 'download', 'import', 'relink', 'typed'])
})
type Grant = z.infer<typeof grantSchema>
const fileSchema = z.object({ grants: z.array(grantSchema).max(20_000) })

/** The most grants kept on disk; the oldest go first. */
const MAX_PERSISTED = 10_000

export interface PathGrantsOptions {
  /** `<dataDir>/grants.json`; null keeps grants in memory only. */
  file: string | null
  platform?: Platform
  clock?: () => Date
  log: (message: string) => void
}

export const forbiddenPath = (p: string): AppError =>
  new AppError(
    'Forbidden',
    `JobQueue Desktop may only use files and folders you chose. Choose "${p}" again (Browse, or drop it on the window).`
  )

/**
 * The files and folders the user granted to the app. Main owns this set: the renderer can only name paths,
 * and every channel that reads, writes, opens or uploads one checks it here. A folder grant covers what is
 * under it. Session grants die with the app; persistent ones (download folders, drafts' files) are kept in
 * an atomic, versioned JSON file.
 */
export class PathGrants {
  readonly platform: Platform
  private readonly session = new Map<string, Grant>()
  private readonly persisted = new Map<string, Grant>()
  private readonly file: JsonFile<z.infer<typeof fileSchema>> | null
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly options: PathGrantsOptions) {
    this.platform = options.platform ?? process.platform
    this.file = options.file
      ? new JsonFile({ path: options.file, schema: fileSchema, version: 1, clock: options.clock })
      : null
  }

  async load(): Promise<void> {
    if (!this.file) return
    const read = await this.file.read()
    if (read.status === 'corrupt') this.options.log(`grants: ${read.reason}; moved to ${read.movedTo}`)
    if (read.status !== 'ok') return
    for (const g of read.value.grants) if (this.admissible(g.path, g.source)) this.persisted.set(this.key(g.path), g)
  }

  /** Why a path can never be granted from this source, or null. */
  refusal(p: string, source: GrantSource): AppError | null {
    if (!isUncOrDevicePath(p) && !pathApi(this.platform).isAbsolute(p)) {
      return new AppError('Forbidden', `"${p}" is not a full path. Choose the file or folder again.`)
    }
    if (!this.admissible(p, source)) {
      return new AppError(
        'Forbidden',
        `"${p}" is a network or device path. Choose it with Browse so Windows shows you where it leads.`
      )
    }
    return null
  }

  /** Grants a path; `persist` keeps it across restarts. Throws Forbidden for a UNC or device path not from a dialog. */
  grant(p: string, kind: GrantKind, source: GrantSource, persist = false): void {
    const refused = this.refusal(p, source)
    if (refused) throw refused
    const g: Grant = { path: pathApi(this.platform).resolve(p), kind, source }
    const key = this.key(p)
    if (persist) {
      this.persisted.delete(key)
      this.persisted.set(key, g)
      this.save()
    } else if (!this.persisted.has(key)) this.session.set(key, g)
  }

  /** Keeps an already granted path across restarts (a file that went into a draft); false when it is not granted. */
  keep(p: string): boolean {
    const key = this.key(p)
    const found = this.isGranted(p) ? this.covering(key) : undefined
    if (!found) return false
    if (found.persisted) return true
    const exact = this.session.get(key)
    this.session.delete(key)
    this.persisted.set(
      key,
      exact ?? { path: pathApi(this.platform).resolve(p), kind: 'file', source: found.grant.source }
    )
    this.save()
    return true
  }

  isGranted(p: string): boolean {
    if (!pathApi(this.platform).isAbsolute(p) && !isUncOrDevicePath(p)) return false
    return this.covering(this.key(p)) !== undefined
  }

  /** Throws Forbidden unless the path is granted. */
  check(p: string): void {
    if (this.isGranted(p)) return
    throw this.refusal(p, 'typed') ?? forbiddenPath(p)
  }

  /** Resolves once the last grant is on disk. */
  flushed(): Promise<void> {
    return this.writing
  }

  private covering(key: string): { grant: Grant; persisted: boolean } | undefined {
    for (const [map, persisted] of [
      [this.persisted, true],
      [this.session, false]
    ] as const) {
      const exact = map.get(key)
      if (exact) return { grant: exact, persisted }
      for (const [k, g] of map)
        if (g.kind === 'folder' && isWithin(k, key, this.platform)) return { grant: g, persisted }
    }
    return undefined
  }

  private admissible(p: string, source: GrantSource): boolean {
    if (source === 'dialog') return true
    if (isUncOrDevicePath(p)) return false
    return !(this.platform === 'win32' && hasStreamSuffix(p))
  }

  private key(p: string): string {
    return pathKey(p, this.platform)
  }

  private save(): void {
    const file = this.file
    if (!file) return
    while (this.persisted.size > MAX_PERSISTED) this.persisted.delete(this.persisted.keys().next().value as string)
    const grants = [...this.persisted.values()]
    this.writing = this.writing
      .then(() => file.write({ grants }))
      .catch((e: unknown) => this.options.log(`grants: could not save (${e instanceof Error ? e.message : String(e)})`))
  }
}
