import { createRequire } from 'node:module'
import type { DatabaseSync, DatabaseSyncInstance } from '@photostructure/sqlite'

/** The `node:sqlite` API (`DatabaseSync`, `StatementSync`), as both runtimes offer it. */
export interface SqliteModule {
  DatabaseSync: typeof DatabaseSync
}
export type Database = DatabaseSyncInstance

/**
 * Node's own SQLite where the runtime has it (Electron's Node 24), else @photostructure/sqlite: the same API
 * as N-API prebuilds, for Node 20 (the tests, the browser host).
 */
export function loadSqlite(
  getBuiltin: (id: string) => unknown = (id) =>
    (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.(id)
): SqliteModule {
  const builtin = getBuiltin('node:sqlite')
  if (builtin) return builtin as SqliteModule
  return createRequire(import.meta.url)('@photostructure/sqlite') as SqliteModule
}
