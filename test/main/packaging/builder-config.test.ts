import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { FuseV1Options, FuseVersion } from '@electron/fuses'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { describe, expect, it } from 'vitest'
import { fuseConfig, packedExecutable } from '../../../build/after-pack.mjs'

/** electron-builder.yml checked by electron-builder's own loader and JSON schema (before any download). */
const root = resolve('.')
const quietLogger = { isEnabled: false, add() {} } as unknown as Parameters<typeof validateConfiguration>[1]

async function loadAndValidate(projectDir: string) {
  const config = await getConfig(projectDir, null, null)
  await validateConfiguration(config, quietLogger)
  return config
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    const config = await loadAndValidate(root)
    expect(config.appId).toBe('com.jobqueue.desktop')
    expect(config.productName).toBe('JobQueue Desktop')
  })

  it('packs only the build output, package.json and the sandbox demo files, into an asar, with the fuse hook', async () => {
    const config = await getConfig(root, null, null)
    expect(JSON.stringify(config.files)).toBe(
      JSON.stringify([{ filter: ['out/**', 'package.json', 'assets/sandbox/**'] }])
    )
    expect(config.asar).toBe(true)
    expect(config.afterPack).toBe('./build/after-pack.mjs')
  })

  it('builds a per-user nsis installer that keeps user data, a per-machine MSI, a portable exe, and Linux dir + AppImage', async () => {
    const config = await getConfig(root, null, null)
    const winTargets = (config.win?.target as { target: string }[]).map((t) => t.target)
    expect(winTargets).toEqual(['nsis', 'msi', 'portable'])
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false
    })
    expect(config.msi).toMatchObject({ perMachine: true })
    expect(config.linux?.target).toEqual(['dir', 'AppImage'])
  })

  it('points at icons that exist: a multi-size .ico and PNGs up to 512 px, plus a 1024 px master', async () => {
    const config = await getConfig(root, null, null)
    const ico = readFileSync(join(root, String(config.win?.icon)))
    expect(ico.readUInt16LE(2)).toBe(1) // ICO type
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5) // images in it
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256)
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]))
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const png = readFileSync(join(root, String(config.linux?.icon), `${size}x${size}.png`))
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size])
    }
    const master = readFileSync(join(root, 'assets/icons/icon.png'))
    expect([master.readUInt32BE(16), master.readUInt32BE(20)]).toEqual([1024, 1024])
  })

  it('publishes for updates through the generic provider only (latest.yml beside the installer; the URL comes from policy)', async () => {
    const config = await getConfig(root, null, null)
    expect(config.publish).toEqual([
      { provider: 'generic', url: 'https://updates.invalid/jobqueue-desktop/', publishAutoUpdate: true }
    ])
  })

  it('fails validation on a generic publish entry without its URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-builder-'))
    cpSync(join(root, 'package.json'), join(dir, 'package.json'))
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8')
    writeFileSync(join(dir, 'electron-builder.yml'), yml.replace(/\n {4}url: https:\/\/updates\.invalid\S*/, ''))
    await expect(loadAndValidate(dir)).rejects.toThrow(/publish/)
  })

  it('registers .jqdraft files with the app', async () => {
    const config = await getConfig(root, null, null)
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'jqdraft', name: 'JobQueue draft' })])
  })

  it('fails validation on a typo in the MSI options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-builder-'))
    cpSync(join(root, 'package.json'), join(dir, 'package.json'))
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8')
    writeFileSync(join(dir, 'electron-builder.yml'), yml.replace('msi:\n', 'msi:\n  perMachin: true\n'))
    await expect(loadAndValidate(dir)).rejects.toThrow(/configuration\.msi should be/)
  })

  it('fails validation on an unknown key (a typo)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-builder-'))
    cpSync(join(root, 'package.json'), join(dir, 'package.json'))
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8')
    writeFileSync(join(dir, 'electron-builder.yml'), yml.replace('nsis:\n', 'nsis:\n  oneClik: false\n'))
    await expect(loadAndValidate(dir)).rejects.toThrow(/configuration\.nsis should be/)
  })

  it('fails validation on an unknown top-level key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-builder-'))
    cpSync(join(root, 'package.json'), join(dir, 'package.json'))
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8')
    writeFileSync(join(dir, 'electron-builder.yml'), `${yml}\nautoUpdat: true\n`)
    await expect(loadAndValidate(dir)).rejects.toThrow(/autoUpdat/)
  })

  it('fails validation on a wrong type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-builder-'))
    cpSync(join(root, 'package.json'), join(dir, 'package.json'))
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8')
    writeFileSync(join(dir, 'electron-builder.yml'), yml.replace('perMachine: false', 'perMachine: sometimes'))
    await expect(loadAndValidate(dir)).rejects.toThrow(/perMachine/)
  })
})

describe('the afterPack fuse configuration', () => {
  it('turns off RunAsNode, NODE_OPTIONS and inspect arguments, and turns on cookie encryption, asar integrity and asar-only loading', () => {
    expect(fuseConfig).toMatchObject({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false
    })
  })

  it('finds the packed executable on each platform', () => {
    const packager = { appInfo: { productFilename: 'JobQueue Desktop' }, executableName: 'jobqueue-desktop' }
    expect(packedExecutable({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(
      join('/o', 'JobQueue Desktop.exe')
    )
    expect(packedExecutable({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(
      join('/o', 'jobqueue-desktop')
    )
    expect(packedExecutable({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(
      join('/o', 'JobQueue Desktop.app')
    )
  })
})
