import { execFile } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { extractFile, listPackage } from '@electron/asar'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * A real `electron-builder --linux dir` run with the project's electron-builder.yml and afterPack hook.
 * Electron's zip cannot be downloaded here, so electronDist is a stand-in folder whose "electron" executable
 * carries Electron's fuse wire (sentinel, version 1, 8 fuses at Electron's defaults): the hook flips it
 * exactly as it would flip the real binary, and the test reads it back with @electron/fuses.
 */
const run = promisify(execFile)
const root = resolve('.')
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ELECTRON_DEFAULT_WIRE = '10110001' // RunAsNode, cookie encryption, NODE_OPTIONS, inspect, asar integrity, asar only, V8 snapshot, file privileges
const ON = '1'.charCodeAt(0)
const OFF = '0'.charCodeAt(0)

let outDir: string
let asarEntries: string[]
let builderOutput: string

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), 'jq-pack-'))
  const dist = join(work, 'electron-dist')
  mkdirSync(join(dist, 'resources'), { recursive: true })
  mkdirSync(join(dist, 'locales'), { recursive: true })
  writeFileSync(join(dist, 'LICENSE'), 'stand-in')
  writeFileSync(
    join(dist, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\nexit 0\n# '),
      Buffer.from(SENTINEL),
      Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
      Buffer.from(ELECTRON_DEFAULT_WIRE),
      Buffer.from('\n')
    ])
  )
  chmodSync(join(dist, 'electron'), 0o755)

  // The app folder as `electron-vite build` leaves it, plus files that must not be packed. Its dependencies
  // are collected from the project's node_modules.
  const app = join(work, 'app')
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>
  delete pkg.devDependencies
  delete pkg.scripts
  for (const [file, text] of Object.entries({
    'package.json': JSON.stringify(pkg, null, 2),
    'out/main/index.js': 'export {}\n',
    'out/preload/index.cjs': '"use strict"\n',
    'out/renderer/index.html': '<!doctype html>\n',
    'out/renderer/assets/index-abc.js': 'console.log(1)\n',
    'assets/sandbox/example_data.txt': 'demo\n',
    'assets/icons/icon.svg': '<svg/>\n',
    'main/index.ts': 'source\n',
    'test/secret.test.ts': 'source\n',
    '.env': 'TOKEN=secret\n',
    'electron-builder.yml': 'appId: nope\n'
  })) {
    mkdirSync(join(app, file, '..'), { recursive: true })
    writeFileSync(join(app, file), text)
  }

  // The real build's main bundle (with the policy reader) and its third-party notices replace the stand-ins.
  await run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root })
  cpSync(join(root, 'out/notices'), join(app, 'out/notices'), { recursive: true })
  cpSync(join(root, 'out/main/index.js'), join(app, 'out/main/index.js'))

  outDir = join(work, 'release')
  const electronVersion = (
    JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
  ).version
  const { stdout, stderr } = await run(
    process.execPath,
    [
      join(root, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      '--projectDir',
      root,
      `-c.electronDist=${dist}`,
      `-c.electronVersion=${electronVersion}`,
      `-c.directories.app=${app}`,
      `-c.directories.output=${outDir}`
    ],
    { cwd: root, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } }
  )
  builderOutput = stdout + stderr
  asarEntries = listPackage(join(outDir, 'linux-unpacked/resources/app.asar'), { isPack: false })
}, 180_000)

describe('electron-builder --linux dir with the project configuration', () => {
  it('ran the afterPack hook', () => {
    expect(builderOutput).toMatch(/fuses flipped\s+file=.*linux-unpacked\/jobqueue-desktop/)
  })

  it('flipped the fuses in the packed executable', async () => {
    const wire = await getCurrentFuseWire(join(outDir, 'linux-unpacked/jobqueue-desktop'))
    expect(wire[FuseV1Options.RunAsNode]).toBe(OFF)
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(OFF)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(OFF)
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ON)
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ON)
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ON)
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(OFF)
  })

  it('packs the build output, the sandbox demo files and package.json into app.asar, and no sources, tests or secrets', () => {
    const own = asarEntries.filter((e) => !e.startsWith('/node_modules'))
    expect(own).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/out/main/index.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
        '/out/renderer/assets/index-abc.js',
        '/assets/sandbox/example_data.txt'
      ])
    )
    const packed = (e: string) =>
      e === '/out' || e.startsWith('/out/') || e === '/assets' || e.startsWith('/assets/sandbox')
    expect(own.filter((e) => !packed(e))).toEqual(['/package.json'])
  })

  it('packs the third-party notices and the policy reader into app.asar', () => {
    const asar = join(outDir, 'linux-unpacked/resources/app.asar')
    expect(asarEntries).toEqual(
      expect.arrayContaining(['/out/notices/third-party-notices.json', '/out/notices/THIRD-PARTY-NOTICES.txt'])
    )
    const notices = JSON.parse(extractFile(asar, 'out/notices/third-party-notices.json').toString()) as {
      packages: { name: string }[]
    }
    expect(notices.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['zod', 'vue', 'winreg']))
    const main = extractFile(asar, 'out/main/index.js').toString()
    expect(main).toContain('\\\\Software\\\\Policies\\\\JobQueue Desktop')
    expect(main).toContain('policy.json')
  })

  it('ships production dependencies and leaves the development ones out', () => {
    const modules = new Set(
      asarEntries.filter((e) => e.split('/').length === 3 && e.startsWith('/node_modules/')).map((e) => e.split('/')[2])
    )
    expect(modules).toContain('zod')
    for (const dev of ['electron', 'vue', 'vitest', 'typescript', 'electron-builder', 'vite', 'eslint'])
      expect(modules).not.toContain(dev)
  })
})
