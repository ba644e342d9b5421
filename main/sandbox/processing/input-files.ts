import { readFile } from 'node:fs/promises'
import { isSafeRelativePath, virtualBaseName, virtualPathKey } from './virtual-paths'
import { JobFailure, type JobFile } from './types'

/** Reads one of the job's files; a missing or unreadable file stops the job with its name. */
export async function readJobFile(file: JobFile): Promise<Buffer> {
  try {
    return await readFile(file.diskPath)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new JobFailure(`The input file "${file.virtualPath}" is missing on the server`)
    throw new JobFailure(`The input file "${file.virtualPath}" could not be read (${(e as Error).message})`)
  }
}

/** Finds the job file a data file refers to by virtual path ("images\\a.png" = "images/a.png"). */
export function findByVirtualPath(files: JobFile[], virtualPath: string): JobFile | undefined {
  if (!isSafeRelativePath(virtualPath)) return undefined
  const key = virtualPathKey(virtualPath)
  const matches = files.filter((f) => isSafeRelativePath(f.virtualPath) && virtualPathKey(f.virtualPath) === key)
  return matches.find((f) => f.fileType === 'Attachment') ?? matches[0]
}

/** "data/run 1.xlsx" → "run 1": a record name when the workbook names none. */
export function fileStem(virtualPath: string): string {
  const base = virtualBaseName(virtualPath) || virtualPath
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(0, dot) : base
}

export function displayName(file: JobFile): string {
  return virtualBaseName(file.virtualPath) || file.virtualPath
}
