/**
 * Virtual paths are the relative names a job gives its files ("data/run1.xlsx"); data files
 * refer to attachments by them. They must stay inside the job's folder on every platform.
 */

/** True when `p` is a relative path that cannot leave its folder on Windows or POSIX. */
export function isSafeRelativePath(p: string): boolean {
  if (typeof p !== 'string' || p.trim() === '') return false
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(p)) return false
  if (p.startsWith('~')) return false
  const slashed = p.replace(/\\/g, '/')
  if (slashed.startsWith('/')) return false // /abs, //server/share, \\remote\c$
  if (slashed.includes(':')) return false // C:/x, C:x, file:, alternate data streams
  let depth = 0
  for (const segment of slashed.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      depth -= 1
      if (depth < 0) return false
    } else {
      depth += 1
    }
  }
  return depth > 0
}

/** Forward slashes, no `.` or empty segments, inner `..` resolved. Call only on safe paths. */
export function normalizeVirtualPath(p: string): string {
  const out: string[] = []
  for (const segment of p.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') out.pop()
    else out.push(segment)
  }
  return out.join('/')
}

/** Key to compare virtual paths: Windows file names are case-insensitive. */
export function virtualPathKey(p: string): string {
  return normalizeVirtualPath(p).toLowerCase()
}

/** The last segment of a virtual path. */
export function virtualBaseName(p: string): string {
  const normalized = normalizeVirtualPath(p)
  return normalized.slice(normalized.lastIndexOf('/') + 1)
}

const reservedWindowsNames = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i

/** A file name that is valid on Windows and POSIX, made from any text (job or record names). */
export function safeFileName(name: string, fallback = 'output'): string {
  // eslint-disable-next-line no-control-regex
  let out = name.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').trim()
  out = out.replace(/[. ]+$/, '')
  if (out.length > 120) out = out.slice(0, 120).trimEnd()
  if (out === '') out = fallback
  if (reservedWindowsNames.test(out)) out = `_${out}`
  return out
}
