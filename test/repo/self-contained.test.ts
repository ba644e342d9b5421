import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// A plain clone has nothing beside it: no tracked file outside the docs may reach into a sibling `shared` folder.
const root = join(import.meta.dirname, '../..')
// Built from parts, so that this file does not match itself.
const forbidden = [['..', 'shared'].join('/'), ['shared', 'granta-api'].join('/')]
const isDoc = (path: string): boolean => path.startsWith('docs/') || path.endsWith('.md')

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((p) => p && existsSync(join(root, p)))
}

/** The files (outside docs) that mention a forbidden path, with the line that does. */
function offenders(paths: string[], read: (path: string) => string): string[] {
  const found: string[] = []
  for (const path of paths.filter((p) => !isDoc(p))) {
    const text = read(path)
    if (text.includes('\0')) continue // binary
    text.split('\n').forEach((line, i) => {
      if (forbidden.some((f) => line.includes(f))) found.push(`${path}:${i + 1}: ${line.trim()}`)
    })
  }
  return found
}

describe('the repository is self-contained', () => {
  it('finds a forbidden path when one is there, and not in docs', () => {
    const files: Record<string, string> = {
      'test/a.ts': `const x = '${forbidden[0]}/assets'`,
      'main/b.json': `{ "p": "${forbidden[1]}/x" }`,
      'docs/c.md': forbidden[0] ?? '',
      'README.md': forbidden[1] ?? '',
      'main/ok.ts': "const y = '../common/shared.ts'"
    }
    expect(offenders(Object.keys(files), (p) => files[p] ?? '')).toEqual([
      `test/a.ts:1: const x = '${forbidden[0]}/assets'`,
      `main/b.json:1: { "p": "${forbidden[1]}/x" }`
    ])
  })

  it('no tracked file outside docs refers to the shared folder beside the repository', () => {
    const paths = trackedFiles()
    expect(paths).toContain('package.json')
    expect(offenders(paths, (p) => readFileSync(join(root, p), 'utf8'))).toEqual([])
  })
})
