// electron-builder afterPack hook: flips Electron's fuses in the packed executable, before signing.
import { join } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'

/** The fuse settings of every build (Electron's security checklist). */
export const fuseConfig = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The renderer is served from app://, so file:// needs no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false
}

/** @typedef {import('./after-pack.mjs').PackContext} PackContext (declared in after-pack.d.mts) */

/**
 * The packed Electron executable for this platform.
 * @param {PackContext} context
 */
export function packedExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context
  switch (electronPlatformName) {
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`)
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`)
    default:
      return join(appOutDir, packager.executableName)
  }
}

/** @param {PackContext} context */
export default async function afterPack(context) {
  const executable = packedExecutable(context)
  await flipFuses(executable, { ...fuseConfig, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' })
  console.log(`  • fuses flipped  file=${executable}`)
}
