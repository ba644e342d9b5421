import type { HandlersOf } from '../../common/contract'
import type { Desktop } from '../desktop-api'
import { inspectFile, readRecordListFile } from './inspect'

/** The files.* and desktop.* handlers over the host's desktop (Electron's, or the browser host's stand-in). */
export function fileHandlers(desktop: Desktop): HandlersOf<'files' | 'desktop'> {
  return {
    'desktop.capabilities': () => ({ nativeDialogs: desktop.hasNativeDialogs }),
    'desktop.openFiles': async (o) => ({ paths: await desktop.openFiles(o) }),
    'desktop.chooseFolder': async (o) => ({ path: await desktop.chooseFolder(o) }),
    'desktop.saveFile': async (o) => ({ path: await desktop.saveFile(o) }),
    'desktop.openPath': async ({ path }) => {
      await desktop.openPath(path)
      return null
    },
    'desktop.showItemInFolder': ({ path }) => {
      desktop.showItemInFolder(path)
      return null
    },
    'files.inspect': async ({ paths }) => ({ files: await Promise.all(paths.map(inspectFile)) }),
    'files.readRecordList': ({ path }) => readRecordListFile(path)
  }
}
