import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const MAX_LINES = 400
const folders = ['main', 'common', 'preload', 'renderer', 'scripts']
/** Every tracked source file (.ts, .vue, .mjs, .js) under the source folders. */
function sourceFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--', ...folders], { cwd: root, encoding: 'utf8' })
  return out.split('\0').filter((f) => /\.(ts|vue|mjs|js)$/.test(f))
}

const lineCount = (file: string) => (readFileSync(resolve(root, file), 'utf8').match(/\n/g) ?? []).length

describe('house rules: small files', () => {
  it(`keeps every source file, .vue included, at most ${MAX_LINES} lines`, () => {
    const files = sourceFiles()
    expect(files.length).toBeGreaterThan(100)
    const counted = files.map((f) => ({ file: f, lines: lineCount(f) }))
    const over = counted.filter((f) => f.lines > MAX_LINES)
    expect(over).toEqual([])
  })
})
