import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { defaultDownloadSettings, downloadsStateSchema, type DownloadsState } from '../../common/downloads'
import { JsonFile } from '../store/json-file'
import { prettyJsonChunks, writeFileStreamed } from './streamed-json'

export const DOWNLOADS_FILE = 'downloads.json'
const VERSION = 1

export function emptyState(): DownloadsState {
  return {
    settings: defaultDownloadSettings(),
    destinations: {},
    batches: [],
    items: []
  }
}

export type LoadNotice =
  { kind: 'corrupt'; movedTo: string; reason: string } | { kind: 'newer'; reason: string } | undefined

/**
 * downloads.json: the whole download queue, written atomically. Writes are coalesced: while one is on
 * its way, later requests share the next one, so a burst of changes costs at most two writes.
 */
export class DownloadsStore {
  /** Reads parse the whole file with the schema. */
  private readonly file: JsonFile<DownloadsState>
  private writing: Promise<void> | null = null
  private next: Promise<void> | null = null

  constructor(
    dataDir: string,
    private readonly snapshot: () => DownloadsState,
    clock?: () => Date
  ) {
    this.file = new JsonFile({
      path: join(dataDir, DOWNLOADS_FILE),
      schema: downloadsStateSchema,
      version: VERSION,
      clock
    })
  }

  get path(): string {
    return this.file.path
  }

  async load(): Promise<{ state: DownloadsState; notice: LoadNotice }> {
    await mkdir(dirname(this.file.path), { recursive: true })
    const r = await this.file.read()
    if (r.status === 'ok') return { state: r.value, notice: undefined }
    if (r.status === 'corrupt')
      return { state: emptyState(), notice: { kind: 'corrupt', movedTo: r.movedTo, reason: r.reason } }
    if (r.status === 'newer') return { state: emptyState(), notice: { kind: 'newer', reason: r.reason } }
    return { state: emptyState(), notice: undefined }
  }

  /** Resolves once a write that includes the current state is on disk. */
  save(): Promise<void> {
    if (this.next) return this.next
    if (!this.writing) {
      this.writing = this.write().finally(() => {
        this.writing = null
      })
      return this.writing
    }
    const after = this.writing
    this.next = after
      .catch(() => {})
      .then(() => {
        this.next = null
        return this.save()
      })
    return this.next
  }

  /**
   * The state as JsonFile writes it (`{ schemaVersion, data }`, two-space indents), streamed: 50,000 items are
   * about 40 MB of text, never held whole. Writes skip the schema: the state is built by the engine's typed code,
   * and a parse of every item on every write cost more than the transfers themselves in the 200-file bench. Reads
   * still check it all.
   */
  private write(): Promise<void> {
    const file = { schemaVersion: VERSION, data: this.snapshot() }
    return writeFileStreamed(this.file.path, withNewline(prettyJsonChunks(file, 3)))
  }

  /** Waits for every write in flight. */
  async flush(): Promise<void> {
    while (this.writing || this.next) await (this.next ?? this.writing)?.catch(() => {})
  }
}

function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces
  yield '\n'
}
