import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildLogIndex, findMatches, levelOf, readLines } from '../../../main/queue/log-index'

const dir = mkdtempSync(join(tmpdir(), 'jq-log-'))
function file(name: string, text: string): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

describe('log index', () => {
  it('indexes lines and finds errors and warnings', async () => {
    const p = file('a.log', '2026 INFO start\r\n2026 WARN slow\n2026 ERROR broken — ünïcode\n2026 INFO done')
    const index = await buildLogIndex(p)
    expect(index.lineCount).toBe(4)
    expect(index.errorLines).toEqual([2])
    expect(index.warnLines).toEqual([1])
    expect(await readLines(index, 1, 2)).toEqual(['2026 WARN slow', '2026 ERROR broken — ünïcode'])
    expect(await readLines(index, 3, 10)).toEqual(['2026 INFO done'])
    expect(await readLines(index, 9, 10)).toEqual([])
  })

  it('treats a trailing newline as the end of the last line', async () => {
    const index = await buildLogIndex(file('b.log', 'one\ntwo\n'))
    expect(index.lineCount).toBe(2)
    expect(await readLines(index, 0, 5)).toEqual(['one', 'two'])
  })

  it('handles an empty file', async () => {
    const index = await buildLogIndex(file('c.log', ''))
    expect(index.lineCount).toBe(0)
    expect(await readLines(index, 0, 5)).toEqual([])
  })

  it('indexes a large log across stream chunks and finds every match', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) =>
      i === 150_001 ? `${i} ERROR row ${i} failed` : `${i} INFO row ${i} read`
    )
    const index = await buildLogIndex(file('big.log', lines.join('\n') + '\n'))
    expect(index.lineCount).toBe(200_000)
    expect(index.errorLines).toEqual([150_001])
    expect(await readLines(index, 123_456, 2)).toEqual([lines[123_456], lines[123_457]])
    expect(await findMatches(index, 'row 150001 FAILED')).toEqual({
      hits: [{ line: 150_001, count: 1 }],
      total: 1,
      truncated: false
    })
    expect(await findMatches(index, 'no such text')).toEqual({ hits: [], total: 0, truncated: false })
    const nineteens = lines.map((l) => l.split('1999').length - 1)
    const found = await findMatches(index, '1999')
    expect(found.total).toBe(nineteens.reduce((a, b) => a + b, 0))
    expect(found.hits.slice(0, 2)).toEqual([
      { line: 1999, count: 2 },
      { line: 11_999, count: 2 }
    ])
    const capped = await findMatches(index, 'read', 1000)
    expect(capped.hits).toHaveLength(1000)
    expect(capped.hits[999]).toEqual({ line: 999, count: 1 })
    expect(capped.total).toBe(199_999)
    expect(capped.truncated).toBe(true)
  })

  it('counts each match of a line, case-insensitive, not overlapping', async () => {
    const index = await buildLogIndex(file('d.log', 'Error error ERROR\nnone\naaaa\n'))
    expect(await findMatches(index, 'error')).toEqual({ hits: [{ line: 0, count: 3 }], total: 3, truncated: false })
    expect((await findMatches(index, 'aa')).hits).toEqual([{ line: 2, count: 2 }])
  })

  it('classifies levels by word', () => {
    expect(levelOf('x ERROR y')).toBe('error')
    expect(levelOf('x WARNING y')).toBe('warn')
    expect(levelOf('TERRORS')).toBe('info')
  })
})
