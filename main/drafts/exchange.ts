import { randomUUID } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { baseName } from '../../common/job-request'
import {
  JQDRAFT_FORMAT,
  JQDRAFT_VERSION,
  jqDraftSchema,
  type DraftFile,
  type DraftView,
  type FileFingerprint,
  type JqDraft,
  type RelinkResult
} from '../../common/drafts'
import { AppError } from '../../common/errors'
import { diskError } from '../files/disk-error'
import type { DraftService } from './draft-service'

const MAX_JQDRAFT_BYTES = 10 * 1024 * 1024
const MAX_FOLDER_ENTRIES = 20_000
const MAX_FOLDER_DEPTH = 4

/**
 * `.jqdraft` files for colleagues, and relinking files that are not where a draft expects them.
 * A `.jqdraft` holds the request and its files' fingerprints: no server, user, job id or error.
 */
export class DraftExchange {
  constructor(
    private readonly drafts: DraftService,
    private readonly clock: () => Date = () => new Date()
  ) {}

  /** Writes the draft to `path` (`.jqdraft` is added when the name has no extension). Returns the path written. */
  async export(id: string, path: string): Promise<{ path: string }> {
    const r = await this.drafts.get(id)
    const file: JqDraft = {
      format: JQDRAFT_FORMAT,
      version: JQDRAFT_VERSION,
      exportedAt: this.clock().toISOString(),
      request: r.request,
      files: r.files.map((f) => ({ path: f.path, fingerprint: f.fingerprint }))
    }
    const target = exportTarget(path)
    try {
      await writeFileAtomic(target, JSON.stringify(jqDraftSchema.parse(file), null, 2) + '\n', { fsync: true })
    } catch (e) {
      throw diskError(e, target, 'write')
    }
    return { path: target }
  }

  /** Makes a new draft from a `.jqdraft`. Files that are not on this computer are flagged for relinking. */
  async import(path: string): Promise<DraftView> {
    let text: string
    try {
      if ((await stat(path)).size > MAX_JQDRAFT_BYTES) {
        throw new AppError('Validation', `"${path}" is too large to be a draft file. Choose a .jqdraft file.`)
      }
      text = await readFile(path, 'utf8')
    } catch (e) {
      throw diskError(e, path, 'read')
    }
    let parsed: JqDraft
    try {
      const raw = JSON.parse(text) as { format?: unknown; version?: unknown }
      if (raw.format !== JQDRAFT_FORMAT) throw new Error('this is not a JobQueue Desktop draft')
      if (typeof raw.version === 'number' && raw.version > JQDRAFT_VERSION) {
        throw new Error(
          `it was made by a newer version of JobQueue Desktop (draft format ${raw.version}); update the app`
        )
      }
      const checked = jqDraftSchema.safeParse(raw)
      if (!checked.success) {
        const issue = checked.error.issues[0]
        throw new Error(`${issue?.path.join('.') || 'draft'}: ${issue?.message ?? 'invalid'}`)
      }
      parsed = checked.data
    } catch (e) {
      throw new AppError('Validation', `"${path}" cannot be imported: ${e instanceof Error ? e.message : String(e)}.`)
    }
    const now = this.clock().toISOString()
    const recorded = new Map(parsed.files.map((f) => [f.path, f.fingerprint]))
    const files: DraftFile[] = []
    for (const p of new Set(parsed.files.map((f) => f.path))) {
      files.push({ path: p, fingerprint: recorded.get(p) ?? null, origin: 'imported' })
    }
    return this.drafts.insert({
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
      request: parsed.request,
      files,
      submission: null,
      lastError: null,
      archivedAt: null,
      source: { kind: 'import', file: path }
    })
  }

  /**
   * Relinks every missing file of a draft from one folder (and its subfolders, a few levels deep):
   * a candidate must have the same file name and, when the draft knows them, the same size and SHA-256.
   */
  async relinkFolder(id: string, folder: string): Promise<RelinkResult> {
    const view = await this.drafts.get(id)
    const lost = new Set(
      view.reasons.filter((r) => r.kind === 'fileMissing' || r.kind === 'fileFromServer').map((r) => r.path ?? '')
    )
    const wanted = view.files.filter((f) => lost.has(f.path))
    if (wanted.length === 0) return { draft: view, relinked: [], unmatched: [] }

    const candidates = await listFiles(folder)
    const moves = new Map<string, { path: string; fingerprint: FileFingerprint }>()
    const unmatched: string[] = []
    for (const f of wanted) {
      const name = baseName(f.path).toLowerCase()
      const found: FileFingerprint[] = []
      const foundPaths: string[] = []
      for (const c of candidates.get(name) ?? []) {
        if (f.fingerprint && (await stat(c)).size !== f.fingerprint.size) continue
        const fp = await this.drafts.checker.fingerprint(c)
        if (!fp) continue
        if (f.fingerprint?.sha256 && fp.sha256 !== f.fingerprint.sha256) continue
        found.push(fp)
        foundPaths.push(c)
      }
      const [only] = found
      // Two different files that both fit cannot be told apart: the user picks one by hand.
      if (only && found.every((x) => x.sha256 === only.sha256))
        moves.set(f.path, { path: foundPaths[0] as string, fingerprint: only })
      else unmatched.push(f.path)
    }
    const draft = moves.size ? await this.drafts.relinkMany(id, moves) : view
    return { draft, relinked: [...moves].map(([from, to]) => ({ from, to: to.path })), unmatched }
  }
}

/** Files under `folder` by lower-case name, breadth first, bounded in depth and count. */
async function listFiles(folder: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  let queue = [folder]
  let seen = 0
  try {
    if (!(await stat(folder)).isDirectory())
      throw new AppError('FileNotFound', `"${folder}" is not a folder. Choose a folder.`)
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError(
      'FileNotFound',
      `The folder "${folder}" does not exist or cannot be opened. Choose another folder.`
    )
  }
  for (let depth = 0; depth <= MAX_FOLDER_DEPTH && queue.length; depth++) {
    const next: string[] = []
    for (const dir of queue) {
      let entries
      try {
        entries = await readdir(dir, { withFileTypes: true })
      } catch {
        continue
      }
      for (const e of entries) {
        if (++seen > MAX_FOLDER_ENTRIES) return out
        const full = join(dir, e.name)
        if (e.isDirectory()) next.push(full)
        else if (e.isFile()) {
          const key = e.name.toLowerCase()
          out.set(key, [...(out.get(key) ?? []), full])
        }
      }
    }
    queue = next
  }
  return out
}

/** Where `export(id, path)` writes: `.jqdraft` is added when the name has no extension. */
export function exportTarget(path: string): string {
  return extname(path) === '' ? `${path}.jqdraft` : path
}
