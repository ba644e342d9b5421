import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { inspectFile, readRecordListFile } from '../../../main/files/inspect'

const dir = mkdtempSync(join(tmpdir(), 'jq-files-'))

describe('inspectFile', () => {
  it('describes a readable file', async () => {
    const p = join(dir, 'a.xlsx')
    writeFileSync(p, 'abc')
    expect(await inspectFile(p)).toMatchObject({ exists: true, isFile: true, readable: true, size: 3, problem: null })
  })

  it('says when a file is missing or a folder', async () => {
    expect((await inspectFile(join(dir, 'nope.xlsx'))).problem).toMatch(/No file at this path/)
    expect((await inspectFile(dir)).problem).toMatch(/folder/)
  })

  it('reads a CSV record list', async () => {
    const p = join(dir, 'records.csv')
    writeFileSync(p, 'id,version\n10,1\n11,\n')
    expect((await readRecordListFile(p)).records).toEqual([
      { historyIdentity: 10, version: 1 },
      { historyIdentity: 11, version: null }
    ])
    await expect(readRecordListFile(join(dir, 'none.csv'))).rejects.toThrow(/No file/)
  })
})
