import { randomUUID } from 'node:crypto'
import { mkdir, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DRAFT_SCHEMA_VERSION, draftRecordSchema, type DraftProblem, type DraftRecord } from '../../common/drafts'
import { JsonFile } from '../store/json-file'
import { migrateDraft } from './migrations'

const draftFileName = /^([0-9a-f-]{36})\.json$/i
/** Leftovers of a write that was killed half-way (write-file-atomic's temp files): the draft itself is intact. */
const staleTempName = /^[0-9a-f-]{36}\.json\.\d+$/i

export interface LoadedDrafts {
  records: DraftRecord[]
  /** Ids of drafts upgraded from an older schema (rewritten by the caller once it has finished upgrading). */
  migrated: string[]
  problems: DraftProblem[]
}

/**
 * The drafts folder on disk: one JSON file per draft in `<dataDir>/drafts/<id>.json`, written
 * atomically with a schema version, and a `trash/` folder for deletions that can still be undone.
 */
export class DraftStore {
  readonly dir: string
  private readonly trashDir: string

  constructor(
    dataDir: string,
    private readonly clock: () => Date = () => new Date()
  ) {
    this.dir = join(dataDir, 'drafts')
    this.trashDir = join(this.dir, 'trash')
  }

  /** Reads every draft; corrupt files are moved aside and reported, temp files of interrupted writes removed. */
  async loadAll(): Promise<LoadedDrafts> {
    await mkdir(this.dir, { recursive: true })
    const out: LoadedDrafts = { records: [], migrated: [], problems: [] }
    for (const name of (await readdir(this.dir)).sort()) {
      if (staleTempName.test(name)) {
        await rm(join(this.dir, name), { force: true })
        continue
      }
      const m = draftFileName.exec(name)
      if (!m) continue
      const result = await this.file(join(this.dir, name)).read()
      if (result.status === 'corrupt') {
        out.problems.push({ file: join(this.dir, name), movedTo: result.movedTo, reason: result.reason })
      } else if (result.status === 'ok') {
        if (result.value.id.toLowerCase() !== m[1]?.toLowerCase()) {
          // A file renamed by hand: keep the data, give it its own id.
          const value = { ...result.value, id: randomUUID() }
          await this.write(value)
          await rm(join(this.dir, name), { force: true })
          out.records.push(value)
          continue
        }
        out.records.push(result.value)
        if (result.migratedFrom !== undefined) out.migrated.push(result.value.id)
      }
    }
    return out
  }

  async write(record: DraftRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    await this.file(this.pathOf(record.id)).write(record)
  }

  /** Moves a draft into the trash, where `restore` can bring it back until `purge`. */
  async trash(id: string): Promise<void> {
    await mkdir(this.trashDir, { recursive: true })
    await rename(this.pathOf(id), join(this.trashDir, `${id}.json`))
  }

  async restore(id: string): Promise<void> {
    await rename(join(this.trashDir, `${id}.json`), this.pathOf(id))
  }

  async purge(id: string): Promise<void> {
    await rm(join(this.trashDir, `${id}.json`), { force: true })
  }

  /** Empties the trash: deletions from an earlier run can no longer be undone. */
  async purgeAll(): Promise<void> {
    await rm(this.trashDir, { recursive: true, force: true })
  }

  pathOf(id: string): string {
    return join(this.dir, `${id}.json`)
  }

  private file(path: string): JsonFile<DraftRecord> {
    return new JsonFile<DraftRecord>({
      path,
      schema: draftRecordSchema,
      version: DRAFT_SCHEMA_VERSION,
      migrate: migrateDraft,
      clock: this.clock
    })
  }
}
