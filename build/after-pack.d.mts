import type { FuseV1Config } from '@electron/fuses'

export declare const fuseConfig: FuseV1Config
export declare function packedExecutable(context: {
  appOutDir: string
  electronPlatformName: string
  packager: { appInfo: { productFilename: string }; executableName?: string }
}): string
declare function afterPack(context: Parameters<typeof packedExecutable>[0]): Promise<void>
export default afterPack
