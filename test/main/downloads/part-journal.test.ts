import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PartJournal } from '../../../main/downloads/part-journal'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

async function journalIn(): Promise<{ dir: string; open: () => Promise<PartJournal> }> {
  const dir = await mkdtemp(join(tmpdir(), 'jq-journal-'))
  dirs.push(dir)
  return {
    dir,
    open: async () => {
      const j = new PartJournal(join(dir, 'state'))
      await j.load()
      await j.compact()
      return j
    }
  }
}

describe('PartJournal', () => {
  it('remembers a part being renamed into place across a restart, and forgets it once in place', async () => {
    const { dir, open } = await journalIn()
    const part = join(dir, 'out', 'Report.xlsx.part')
    const other = join(dir, 'out', 'Other.xlsx.part')
    const first = await open()
    await first.record(part)
    await first.record(other)
    await first.markFinalizing(part)

    const second = await open()
    expect(second.has(part)).toBe(true)
    expect(second.isFinalizing(part)).toBe(true)
    expect(second.isFinalizing(other)).toBe(false)
    // Compaction at start kept the mark: a second crash before the rename is recognised too.
    const third = await open()
    expect(third.isFinalizing(part)).toBe(true)

    third.forget(part)
    await third.compact()
    const fourth = await open()
    expect(fourth.has(part)).toBe(false)
    expect(fourth.isFinalizing(part)).toBe(false)
    expect(fourth.has(other)).toBe(true)
  })

  it('reads a journal written before the mark existed (paths only) as parts that are not being finalized', async () => {
    const { dir, open } = await journalIn()
    const part = join(dir, 'old.bin.part')
    const first = await open()
    await writeFile(first.file, `${part}\n`)
    const j = await open()
    expect(j.has(part)).toBe(true)
    expect(j.isFinalizing(part)).toBe(false)
    expect(await readFile(j.file, 'utf8')).toBe(`${part}\n`)
  })
})
