import path from 'node:path'

/**
 * Path shapes judged with Windows rules whatever the OS we run on, so the checks are tested on Linux too.
 * UNC (`\\host\share`), device (`\\?\`, `\\.\`) and NT (`\??\`) paths all start with two separators or `\??\`.
 */
export function isUncOrDevicePath(p: string): boolean {
  return /^[\\/]{2}/.test(p) || /^[\\/]\?\?[\\/]/.test(p)
}

/** An NTFS alternate data stream (`C:\a.txt:stream`): a colon anywhere after the drive letter. */
export function hasStreamSuffix(p: string): boolean {
  return p.slice(2).includes(':')
}

export type Platform = NodeJS.Platform

export function pathApi(platform: Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix
}

/** The form two paths are compared in: resolved, and case-folded on Windows (its names are case-insensitive). */
export function pathKey(p: string, platform: Platform): string {
  const resolved = pathApi(platform).resolve(p)
  return platform === 'win32' ? resolved.toLowerCase() : resolved
}

/** Whether `child` is `folder` itself or lies under it; both already in pathKey form. */
export function isWithin(folderKey: string, childKey: string, platform: Platform): boolean {
  if (folderKey === childKey) return true
  const rel = pathApi(platform).relative(folderKey, childKey)
  return rel !== '' && !rel.startsWith('..') && !pathApi(platform).isAbsolute(rel)
}
