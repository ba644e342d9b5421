import { describe, expect, it } from 'vitest'
import { loadSqlite } from '../../../main/history/sqlite'

describe('the SQLite module', () => {
  it('is the runtime’s node:sqlite when it has one', () => {
    const builtin = { DatabaseSync: class {} }
    const asked: string[] = []
    expect(loadSqlite((id) => (asked.push(id), builtin))).toBe(builtin)
    expect(asked).toEqual(['node:sqlite'])
  })

  it('is @photostructure/sqlite otherwise, with the same API', () => {
    const { DatabaseSync } = loadSqlite(() => undefined)
    const db = new DatabaseSync(':memory:')
    expect(db.prepare('SELECT 1 + 1 AS two').get()).toEqual({ two: 2 })
    db.close()
  })
})
