import type { QueueScope, QueueStatusCounts } from '../../common/queue'
import type { QueueCache } from './cache'
import type { JobTable } from './job-table'

/** Past this many changes since the whole list was written, it is written again. */
const maxChanges = 5_000

/**
 * Keeps a connection's copy on disk in step with the table: the whole list when the copy has none for this
 * connection and scope (or too many changes since), else only the changes since that whole list.
 */
export class CacheWriter {
  /** The `lastUpdated` of the whole list last written; the changes since apply to it. */
  private base: string | null = null

  constructor(
    private readonly cache: QueueCache,
    private readonly table: JobTable
  ) {}

  /** The copy on disk is not this table's (another connection, or read from disk). */
  forget(): void {
    this.base = null
  }

  async write(
    connectionId: string,
    state: { lastUpdated: string; scope: QueueScope; counts: QueueStatusCounts | null; scopeChanged: boolean }
  ): Promise<void> {
    const { lastUpdated, scope, counts } = state
    try {
      if (this.base === null || state.scopeChanged || this.table.changeCount > maxChanges) {
        await this.cache.save({ connectionId, lastUpdated, scope, counts, jobs: [...this.table.values()] })
        this.table.clearJournal()
        this.base = lastUpdated
        return
      }
      const changes = this.table.takeChanges()
      if (changes) await this.cache.saveChanges(connectionId, { base: this.base, lastUpdated, counts, ...changes })
    } catch {
      // The copy on disk stays as it was; the next poll writes again.
    }
  }
}
