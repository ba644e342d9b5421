import type { Database } from './sqlite'

/**
 * The history file's schema, one step per version: step i takes a file from version i to i + 1
 * (`PRAGMA user_version`). Add a step to change the schema; never edit one that has shipped.
 */
export const migrations: readonly ((db: Database) => void)[] = [
  // v1: the jobs, one row each.
  (db) =>
    db.exec(`CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      submitter TEXT NOT NULL,
      status TEXT NOT NULL,
      name TEXT NOT NULL,
      submitted TEXT NOT NULL,
      scheduled TEXT,
      started TEXT,
      completed TEXT,
      last_seen TEXT NOT NULL
    );
    CREATE INDEX jobs_submitted ON jobs (submitted);`),
  // v2: "Completed with errors" apart from Succeeded, and the server's words for unknown types and statuses.
  (db) =>
    db.exec(`ALTER TABLE jobs ADD COLUMN with_errors INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN other_type TEXT;
    ALTER TABLE jobs ADD COLUMN other_status TEXT;`)
]

export const schemaVersion = migrations.length

function versionOf(db: Database): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version?: number } | undefined
  return Number(row?.user_version ?? 0)
}

/** Brings the file to the current version, each step in its own transaction; refuses a file from a newer app. */
export function migrate(db: Database): void {
  const from = versionOf(db)
  if (from > schemaVersion)
    throw new Error(`the history file is version ${from}; this app reads up to ${schemaVersion}`)
  for (let v = from; v < schemaVersion; v++) {
    db.exec('BEGIN IMMEDIATE')
    try {
      migrations[v]?.(db)
      db.exec(`PRAGMA user_version = ${v + 1}`)
      db.exec('COMMIT')
    } catch (e) {
      db.exec('ROLLBACK')
      throw e
    }
  }
}
