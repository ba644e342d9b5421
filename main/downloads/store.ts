import { join } from 'node:path'
import { DEFAULT_CONCURRENCY, downloadsStateSchema, type DownloadsState } from '../../common/downloads'
import { JsonFile } from '../store/json-file'

export const DOWNLOADS_FILE = 'downloads.json'
const VERSION = 1

export function emptyState(): DownloadsState {
  return { settings: { concurrency: DEFAULT_CONCURRENCY, bandwidthLimit: null }, destinations: {}, batches: [], items: [] }
}

export type LoadNotice = { kind: 'corrupt'; movedTo: string; reason: string } | undefined

/**
 * downloads.json: the whole download queue, written atomically. Writes are coalesced: while one is on
 * its way, later requests share the next one, so a burst of changes costs at most two writes.
 */
export class DownloadsStore {
  private readonly file: JsonFile<DownloadsState>
  private writing: Promise<void> | null = null
  private next: Promise<void> | null = null

  constructor(
    dataDir: string,
    private readonly snapshot: () => DownloadsState,
    clock?: () => Date
  ) {
    this.file = new JsonFile({ path: join(dataDir, DOWNLOADS_FILE), schema: downloadsStateSchema, version: VERSION, clock })
  }

  get path(): string {
    return this.file.path
  }

  async load(): Promise<{ state: DownloadsState; notice: LoadNotice }> {
    const r = await this.file.read()
    if (r.status === 'ok') return { state: r.value, notice: undefined }
    if (r.status === 'corrupt') return { state: emptyState(), notice: { kind: 'corrupt', movedTo: r.movedTo, reason: r.reason } }
    return { state: emptyState(), notice: undefined }
  }

  /** Resolves once a write that includes the current state is on disk. */
  save(): Promise<void> {
    if (this.next) return this.next
    if (!this.writing) {
      this.writing = this.file.write(this.snapshot()).finally(() => {
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

  /** Waits for every write in flight. */
  async flush(): Promise<void> {
    while (this.writing || this.next) await (this.next ?? this.writing)?.catch(() => {})
  }
}
