import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { collectNotices, isAllowedLicense, licenseProblems, type PackageNotice } from '../../../scripts/notices/collect'

/** The third-party notices that `electron-vite build` writes into out/notices (and so into app.asar). */
const run = promisify(execFile)
const root = resolve('.')
let packages: PackageNotice[]

beforeAll(async () => {
  await run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root })
  packages = (
    JSON.parse(readFileSync(join(root, 'out/notices/third-party-notices.json'), 'utf8')) as {
      packages: PackageNotice[]
    }
  ).packages
}, 120_000)

const entry = (name: string) => packages.find((p) => p.name === name)

describe('the notices file written by the build', () => {
  it('has an entry for every production package npm installs (npm ls --omit=dev)', async () => {
    const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root })
    const dirs = stdout.trim().split('\n').slice(1)
    expect(dirs.length).toBeGreaterThan(50)
    const listed = new Set(packages.map((p) => `${p.name}@${p.version}`))
    const missing = dirs
      .map((d) => JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { name: string; version: string })
      .map((m) => `${m.name}@${m.version}`)
      .filter((k) => !listed.has(k))
    expect(missing).toEqual([])
  })

  it('lists what Vite bundles into the renderer and preload, read from the build, with licence texts', () => {
    for (const name of ['vue', 'pinia', 'primevue', 'primeicons', '@tanstack/vue-virtual', 'vue-router'])
      expect(entry(name)?.shippedAs, name).toContain('bundled:renderer')
    expect(entry('zod')?.shippedAs).toEqual(expect.arrayContaining(['runtime', 'bundled:preload']))
    expect(entry('vue')?.text).toMatch(/MIT License/)
    expect(entry('vitest')).toBeUndefined()
    expect(entry('electron-builder')).toBeUndefined()
  })

  it('holds only licences on the allow-list', () => {
    expect(licenseProblems(packages)).toEqual([])
  })

  it('writes a readable text version beside the JSON', () => {
    const text = readFileSync(join(root, 'out/notices/THIRD-PARTY-NOTICES.txt'), 'utf8')
    for (const p of packages) expect(text).toContain(`${p.name} ${p.version} (${p.license})`)
  })
})

describe('the licence checks', () => {
  it('reads SPDX expressions: OR needs one allowed side, AND needs both', () => {
    expect(isAllowedLicense('MIT')).toBe(true)
    expect(isAllowedLicense('(MIT OR GPL-3.0-or-later)')).toBe(true)
    expect(isAllowedLicense('(MIT AND Zlib)')).toBe(true)
    expect(isAllowedLicense('GPL-3.0-only')).toBe(false)
    expect(isAllowedLicense('(MIT AND GPL-2.0-only)')).toBe(false)
    expect(isAllowedLicense('UNKNOWN')).toBe(false)
  })

  it('reports a copyleft or undeclared package and finds a bundled one with no runtime link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-notices-'))
    const pkg = (path: string, manifest: object, licence?: string) => {
      mkdirSync(join(dir, path), { recursive: true })
      writeFileSync(join(dir, path, 'package.json'), JSON.stringify(manifest))
      if (licence) writeFileSync(join(dir, path, 'LICENSE'), licence)
    }
    pkg('.', { name: 'app', dependencies: { left: '1' } })
    pkg('node_modules/left', { name: 'left', version: '1.0.0', license: 'GPL-3.0-only', dependencies: { pad: '1' } })
    pkg('node_modules/pad', { name: 'pad', version: '2.0.0' })
    pkg('node_modules/@ui/kit', { name: '@ui/kit', version: '3.0.0', license: 'MIT' }, 'MIT text')
    const notices = collectNotices(dir, { renderer: [join(dir, 'node_modules/@ui/kit/dist/index.js?v=1')] }, {})
    expect(notices.map((n) => [n.name, n.shippedAs, n.text])).toEqual([
      ['@ui/kit', ['bundled:renderer'], 'MIT text'],
      ['left', ['runtime'], null],
      ['pad', ['runtime'], null]
    ])
    expect(licenseProblems(notices)).toEqual([
      'left@1.0.0: licence "GPL-3.0-only" is not on the allow-list',
      'pad@2.0.0: licence "UNKNOWN" is not on the allow-list'
    ])
  })

  it('fails when a runtime dependency is not installed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-notices-'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: { gone: '1' } }))
    expect(() => collectNotices(dir, {}, {})).toThrow(/gone is not installed/)
  })
})
