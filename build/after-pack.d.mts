import type { FuseV1Config } from '@electron/fuses'

/** What electron-builder passes to afterPack (the fields used here). */
export interface PackContext {
  appOutDir: string
  electronPlatformName: string
  packager: { appInfo: { productFilename: string }; executableName?: string }
}
export declare const fuseConfig: FuseV1Config
export declare function packedExecutable(context: PackContext): string
declare function afterPack(context: PackContext): Promise<void>
export default afterPack
