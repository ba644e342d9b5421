import { basename } from 'node:path'
import type { HandlersOf } from '../../common/contract'
import { AppError } from '../../common/errors'
import type { Desktop } from '../desktop-api'
import type { DownloadPlaces } from '../downloads/targets'
import { isExecutableName } from '../downloads/risky-names'
import { inspectFile, readRecordListFile } from './inspect'
import { forbiddenPath } from './path-grants'
import type { PathGate } from './path-gate'

export interface DesktopHandlerDeps {
  desktop: Desktop
  gate: PathGate
  downloads: DownloadPlaces
  /** Where a connection's files come from, for the question asked before an executable opens. */
  originOf: (connectionId: string) => Promise<string>
}

/** Dialogs grant what the user picked; every other path must be granted, or be a finished download. */
export function fileHandlers({
  desktop,
  gate,
  downloads,
  originOf
}: DesktopHandlerDeps): HandlersOf<'files' | 'desktop'> {
  const { grants } = gate
  /** openPath and showItemInFolder reach only finished downloads, batch folders and granted files. */
  const reachable = (path: string): { connectionId: string | null } => {
    const connectionId = downloads.connectionOf(path)
    if (connectionId === null && !grants.isGranted(path)) throw grants.refusal(path, 'typed') ?? forbiddenPath(path)
    return { connectionId }
  }
  return {
    'desktop.capabilities': () => ({ nativeDialogs: desktop.hasNativeDialogs }),
    'desktop.setTheme': ({ theme }) => {
      desktop.setTheme(theme)
      return null
    },
    'desktop.openFiles': async (o) => {
      const paths = await desktop.openFiles(o)
      for (const p of paths ?? []) grants.grant(p, 'file', 'dialog')
      return { paths }
    },
    'desktop.chooseFolder': async (o) => {
      const path = await desktop.chooseFolder(o)
      if (path) grants.grant(path, 'folder', 'dialog')
      return { path }
    },
    'desktop.saveFile': async (o) => {
      const path = await desktop.saveFile(o)
      if (path) grants.grant(path, 'file', 'dialog')
      return { path }
    },
    'desktop.openPath': async ({ path }) => {
      const { connectionId } = reachable(path)
      if (isExecutableName(basename(path))) {
        const origin = connectionId === null ? 'a file or folder you chose' : await originOf(connectionId)
        if (!(await desktop.confirmOpen(path, origin)))
          throw new AppError('Cancelled', `${basename(path)} can run programs, so it was not opened.`)
      }
      await desktop.openPath(path)
      return null
    },
    'desktop.showItemInFolder': ({ path }) => {
      reachable(path)
      desktop.showItemInFolder(path)
      return null
    },
    'files.inspect': async ({ paths }) => ({
      files: await Promise.all(
        paths.map((p) => (gate.admitQuietly(p) ? inspectFile(p) : Promise.resolve(notGranted(p))))
      )
    }),
    'files.readRecordList': async ({ path }) => {
      await gate.admit(path, 'read')
      return readRecordListFile(path)
    }
  }

  function notGranted(path: string) {
    return {
      path,
      exists: false,
      isFile: false,
      readable: false,
      size: null,
      modified: null,
      problem: (grants.refusal(path, 'typed') ?? forbiddenPath(path)).message
    }
  }
}
