import { randomUUID } from 'node:crypto'
import { copyFile, mkdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { JsonFile } from '../../store/json-file'
import { safeFileName } from './virtual-paths'

/**
 * The sandbox's small Granta MI database: databases with tables, records with integer history
 * identities and numbered versions, attribute values. One JSON file, written atomically;
 * attachment files live in a folder beside it.
 */

export const scalarValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()])
export type ScalarValue = z.infer<typeof scalarValueSchema>

/** A file or picture attribute: the virtual path the data named, and the stored copy. */
export const fileValueSchema = z.object({ file: z.string(), stored: z.string() })
export type FileValue = z.infer<typeof fileValueSchema>

/** A scalar, one value per specimen column, or an attached file. */
export const attributeValueSchema = z.union([scalarValueSchema, z.array(scalarValueSchema), fileValueSchema])
export type AttributeValue = z.infer<typeof attributeValueSchema>

const recordVersionSchema = z.object({
  version: z.number().int().positive(),
  createdAt: z.string(),
  attributes: z.record(z.string(), attributeValueSchema),
  units: z.record(z.string(), z.string()).optional(),
  source: z.string().optional()
})

const storedRecordSchema = z.object({
  historyIdentity: z.number().int().positive(),
  databaseKey: z.string(),
  table: z.string(),
  name: z.string(),
  createdAt: z.string(),
  versions: z.array(recordVersionSchema).min(1)
})
type StoredRecord = z.infer<typeof storedRecordSchema>

const storeSchema = z.object({
  nextHistoryIdentity: z.number().int().positive(),
  databases: z.array(z.object({ key: z.string(), tables: z.array(z.string()) })),
  records: z.array(storedRecordSchema)
})
type StoreData = z.infer<typeof storeSchema>

export const DEFAULT_DATABASE = 'MI_Training'
export const DEFAULT_TABLE = 'Tensile Test Data'
const FIRST_HISTORY_IDENTITY = 100_001

/** One version of a record, as callers see it. */
export interface RecordView {
  historyIdentity: number
  databaseKey: string
  table: string
  name: string
  version: number
  latestVersion: number
  createdAt: string
  updatedAt: string
  attributes: Record<string, AttributeValue>
  units: Record<string, string>
}

export interface UpsertInput {
  databaseKey: string
  table: string
  name: string
  attributes: Record<string, AttributeValue>
  units?: Record<string, string>
  /** What wrote this version, e.g. the job name; kept for the log and demos. */
  source?: string
}

export interface RecordStoreOptions {
  clock?: () => Date
  /** Databases to create when the file is new. Default: MI_Training with "Tensile Test Data". */
  databases?: { key: string; tables: string[] }[]
}

export class RecordStore {
  private saving: Promise<void> = Promise.resolve()

  private constructor(
    private readonly file: JsonFile<StoreData>,
    private readonly data: StoreData,
    private readonly clock: () => Date,
    /** Set when the file on disk was unreadable and was moved aside; the store started empty. */
    readonly recovered: { movedTo: string; reason: string } | undefined
  ) {}

  static async open(path: string, options: RecordStoreOptions = {}): Promise<RecordStore> {
    const clock = options.clock ?? (() => new Date())
    const file = new JsonFile<StoreData>({ path, schema: storeSchema, version: 1, clock })
    const read = await file.read()
    if (read.status === 'ok') return new RecordStore(file, read.value, clock, undefined)
    const fresh: StoreData = {
      nextHistoryIdentity: FIRST_HISTORY_IDENTITY,
      databases: options.databases ?? [{ key: DEFAULT_DATABASE, tables: [DEFAULT_TABLE] }],
      records: []
    }
    const recovered = read.status === 'corrupt' ? { movedTo: read.movedTo, reason: read.reason } : undefined
    return new RecordStore(file, fresh, clock, recovered)
  }

  get path(): string {
    return this.file.path
  }

  /** Folder that holds the stored copies of attached files. */
  get attachmentsDir(): string {
    return join(dirname(this.file.path), `${basename(this.file.path).replace(/\.json$/i, '')}-attachments`)
  }

  databases(): string[] {
    return this.data.databases.map((d) => d.key)
  }

  tables(databaseKey: string): string[] {
    const db = this.findDatabase(databaseKey)
    return db ? [...db.tables] : []
  }

  /** The stored spelling of a database key, compared case-insensitively, or undefined. */
  resolveDatabase(databaseKey: string): string | undefined {
    return this.findDatabase(databaseKey)?.key
  }

  addDatabase(key: string, tables: string[] = []): void {
    const db = this.findDatabase(key)
    if (!db) {
      this.data.databases.push({ key, tables: [...tables] })
      return
    }
    for (const table of tables) this.ensureTable(db, table)
  }

  list(filter: { databaseKey?: string; table?: string } = {}): RecordView[] {
    const key = filter.databaseKey === undefined ? undefined : this.resolveDatabase(filter.databaseKey)
    if (filter.databaseKey !== undefined && key === undefined) return []
    return this.data.records
      .filter(
        (r) =>
          (key === undefined || r.databaseKey === key) &&
          (filter.table === undefined || sameName(r.table, filter.table))
      )
      .map((r) => view(r))
  }

  get count(): number {
    return this.data.records.length
  }

  /** A record by history identity: its latest version, or the given one (undefined when absent). */
  get(historyIdentity: number, version?: number | null, databaseKey?: string): RecordView | undefined {
    const record = this.data.records.find((r) => r.historyIdentity === historyIdentity)
    if (!record) return undefined
    if (databaseKey !== undefined && record.databaseKey !== this.resolveDatabase(databaseKey)) return undefined
    return view(record, version ?? undefined)
  }

  findByName(table: string, name: string, databaseKey: string = DEFAULT_DATABASE): RecordView | undefined {
    const record = this.findStored(databaseKey, table, name)
    return record ? view(record) : undefined
  }

  /**
   * Creates the record, or adds a new version to the record with the same name in the same table
   * (Granta's "replace data" conflict resolution). The database must exist; the table is created.
   */
  upsert(input: UpsertInput): { record: RecordView; created: boolean } {
    const db = this.findDatabase(input.databaseKey)
    if (!db) throw new Error(`Database "${input.databaseKey}" does not exist`)
    const table = this.ensureTable(db, input.table)
    const now = this.clock().toISOString()
    const existing = this.findStored(db.key, table, input.name)
    const content = {
      attributes: structuredClone(input.attributes),
      ...(input.units && Object.keys(input.units).length > 0 ? { units: { ...input.units } } : {}),
      ...(input.source !== undefined ? { source: input.source } : {})
    }
    if (existing) {
      const latest = existing.versions[existing.versions.length - 1]
      existing.versions.push({ version: (latest?.version ?? 0) + 1, createdAt: now, ...content })
      return { record: view(existing), created: false }
    }
    const record: StoredRecord = {
      historyIdentity: this.data.nextHistoryIdentity++,
      databaseKey: db.key,
      table,
      name: input.name,
      createdAt: now,
      versions: [{ version: 1, createdAt: now, ...content }]
    }
    this.data.records.push(record)
    return { record: view(record), created: true }
  }

  /** Copies an attached file into the store (atomically) and returns the value to keep. */
  async storeAttachment(sourcePath: string, virtualPath: string): Promise<FileValue> {
    const folder = randomUUID()
    const name = safeFileName(virtualPath.replace(/\\/g, '/').split('/').pop() ?? '', 'attachment')
    const dir = join(this.attachmentsDir, folder)
    await mkdir(dir, { recursive: true })
    const target = join(dir, name)
    const temp = `${target}.tmp-${process.pid}`
    try {
      await copyFile(sourcePath, temp)
      await rename(temp, target)
    } catch (e) {
      await rm(dir, { recursive: true, force: true })
      throw e
    }
    return { file: virtualPath, stored: `${folder}/${name}` }
  }

  /** Disk path of a stored attachment. */
  attachmentPath(value: FileValue): string {
    return join(this.attachmentsDir, ...value.stored.split('/'))
  }

  /** Writes the store atomically. Saves are serialised, so concurrent callers never interleave. */
  save(): Promise<void> {
    const next = this.saving.then(() => this.file.write(this.data))
    this.saving = next.catch(() => undefined)
    return next
  }

  private findDatabase(key: string): StoreData['databases'][number] | undefined {
    return this.data.databases.find((d) => sameName(d.key, key))
  }

  private ensureTable(db: StoreData['databases'][number], table: string): string {
    const known = db.tables.find((t) => sameName(t, table))
    if (known) return known
    db.tables.push(table)
    return table
  }

  private findStored(databaseKey: string, table: string, name: string): StoredRecord | undefined {
    const key = this.resolveDatabase(databaseKey)
    if (key === undefined) return undefined
    return this.data.records.find((r) => r.name === name && r.databaseKey === key && sameName(r.table, table))
  }
}

/** One collator for every comparison: `localeCompare` with options builds a new one on each call. */
const names = new Intl.Collator(undefined, { sensitivity: 'accent' })

function sameName(a: string, b: string): boolean {
  return a === b || names.compare(a, b) === 0
}

function view(record: StoredRecord): RecordView
function view(record: StoredRecord, version?: number): RecordView | undefined
function view(record: StoredRecord, version?: number): RecordView | undefined {
  const latest = record.versions[record.versions.length - 1]
  const chosen = version === undefined ? latest : record.versions.find((v) => v.version === version)
  if (!chosen || !latest) return undefined
  return {
    historyIdentity: record.historyIdentity,
    databaseKey: record.databaseKey,
    table: record.table,
    name: record.name,
    version: chosen.version,
    latestVersion: latest.version,
    createdAt: record.createdAt,
    updatedAt: latest.createdAt,
    attributes: structuredClone(chosen.attributes),
    units: { ...(chosen.units ?? {}) }
  }
}
