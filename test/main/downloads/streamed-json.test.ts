import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { prettyJsonChunks, writeFileStreamed } from '../../../main/downloads/streamed-json'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

const sample = {
  schemaVersion: 1,
  data: {
    settings: { concurrency: 3, bandwidthLimit: null, nested: { deep: [1, { x: 'a\nb "q"' }] } },
    destinations: {},
    empty: [],
    gone: undefined,
    fn: () => 1,
    when: new Date(0),
    items: [
      { id: 'a', error: undefined, path: 'C:\\x\\y', list: [], obj: {} },
      undefined,
      { id: 'b', text: 'é ✓ \u2028', n: -0.5, flags: [true, false, null] }
    ]
  }
}

describe('prettyJsonChunks', () => {
  it.each([0, 1, 2, 3, 4, 6])('joins to exactly JSON.stringify(value, null, 2) when walking %i levels', (depth) => {
    expect([...prettyJsonChunks(sample, depth)].join('')).toBe(JSON.stringify(sample, null, 2))
  })

  it.each([[[]], [{}], ['text'], [42], [null], [[1, [2, []]]], [{ a: { b: {} } }]])(
    'matches JSON.stringify for %j',
    (value) => {
      expect([...prettyJsonChunks(value, 5)].join('')).toBe(JSON.stringify(value, null, 2))
    }
  )

  it('gives the walked array one piece per element or more, not one string', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ id: i }))
    expect([...prettyJsonChunks({ items }, 2)].length).toBeGreaterThan(100)
  })
})

describe('writeFileStreamed', () => {
  it('replaces the file with the pieces joined and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jq-streamed-'))
    dirs.push(dir)
    const file = join(dir, 'state.json')
    await writeFile(file, 'old')
    const big = 'x'.repeat(700_000)
    await writeFileStreamed(file, [big, 'y', big, '\n'])
    expect(await readFile(file, 'utf8')).toBe(`${big}y${big}\n`)
    expect(await readdir(dir)).toEqual(['state.json'])
  })

  it('keeps the old file and removes the temp file when drawing the pieces fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jq-streamed-'))
    dirs.push(dir)
    const file = join(dir, 'state.json')
    await writeFile(file, 'old')
    function* failing(): Generator<string> {
      yield 'new'
      throw new Error('no more')
    }
    await expect(writeFileStreamed(file, failing())).rejects.toThrow('no more')
    expect(await readFile(file, 'utf8')).toBe('old')
    expect(await readdir(dir)).toEqual(['state.json'])
  })

  it('rejects when the folder is missing', async () => {
    await expect(writeFileStreamed(join(tmpdir(), 'jq-no-such-folder-9f3', 'x.json'), ['{}'])).rejects.toThrow(/ENOENT/)
  })
})
