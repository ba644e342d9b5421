import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { LogCache } from '../../../main/queue/log-cache'
import { buildLogIndex, MAX_LINE_BYTES, readLines } from '../../../main/queue/log-index'

const dir = mkdtempSync(join(tmpdir(), 'jq-log-bounds-'))

describe('bounded logs', () => {
  it('cuts a line longer than MAX_LINE_BYTES, and reads its neighbours whole', async () => {
    const p = join(dir, 'long.log')
    writeFileSync(p, `first\n${'é'.repeat(MAX_LINE_BYTES)}\nlast\n`)
    const index = await buildLogIndex(p)
    const lines = await readLines(index, 0, 3)
    expect(lines[0]).toBe('first')
    expect(Buffer.byteLength(lines[1] ?? '')).toBeLessThanOrEqual(MAX_LINE_BYTES + 4)
    expect(lines[1]?.endsWith(' …')).toBe(true)
    expect(lines[2]).toBe('last')
  })

  it('shares one fetch between two opens of the same log, and evicts the least recently used by bytes', async () => {
    let fetches = 0
    const cache = new LogCache(
      join(dir, 'cache'),
      (jobId) => {
        fetches++
        return Promise.resolve(
          Readable.from([Buffer.alloc(1000, `${jobId.length % 10}`.charCodeAt(0)), Buffer.from('\n')])
        )
      },
      2_500
    )
    const [a, b] = await Promise.all([cache.open('job-a', 'log.txt'), cache.open('job-a', 'log.txt')])
    expect(a).toBe(b)
    expect(fetches).toBe(1)
    await cache.open('job-bb', 'log.txt')
    await cache.open('job-a', 'log.txt') // a is now the most recent
    const c = await cache.open('job-ccc', 'log.txt')
    expect(cache.bytes).toBeLessThanOrEqual(2_500)
    expect(existsSync(a.path)).toBe(true)
    expect(existsSync(c.path)).toBe(true)
    expect(fetches).toBe(3)
    expect((await readLines(a, 0, 1))[0]).toHaveLength(1000)
  })
})
