import { constants } from 'node:fs'
import { access, readFile, stat } from 'node:fs/promises'
import type { FileInfo, RecordList } from '../../common/files'
import { AppError } from '../../common/errors'
import { parseRecordList } from '../../common/record-list'

/** Whether each path names a readable file, and why not, in words a user can act on. */
export async function inspectFile(path: string): Promise<FileInfo> {
  const info: FileInfo = {
    path,
    exists: false,
    isFile: false,
    readable: false,
    size: null,
    modified: null,
    problem: null
  }
  try {
    const s = await stat(path)
    info.exists = true
    info.isFile = s.isFile()
    info.size = s.size
    info.modified = s.mtime.toISOString()
    if (!info.isFile) return { ...info, problem: 'This is a folder, not a file.' }
    await access(path, constants.R_OK)
    info.readable = true
    return info
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return { ...info, problem: 'No file at this path. Check the path, or pick the file again.' }
    if (code === 'EACCES' || code === 'EPERM')
      return { ...info, problem: 'You do not have permission to read this file.' }
    return { ...info, problem: `The file cannot be read (${code ?? 'unknown error'}).` }
  }
}

const maxRecordListBytes = 10 * 1024 * 1024

/** Reads a CSV or text file of export records. */
export async function readRecordListFile(path: string): Promise<RecordList> {
  const info = await inspectFile(path)
  if (info.problem) throw new AppError('FileNotFound', info.problem)
  if ((info.size ?? 0) > maxRecordListBytes) {
    throw new AppError(
      'Validation',
      'This file is larger than 10 MB; a record list is one record per line. Choose a smaller file.'
    )
  }
  return parseRecordList(await readFile(path, 'utf8'))
}
