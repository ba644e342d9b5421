import path from 'node:path'
import { defuseActiveName, removeFormatChars } from './risky-names'

/**
 * Names from the server are untrusted. These functions turn any string into path segments that are
 * valid on Windows (and therefore everywhere), and build paths that cannot leave the destination.
 */

/** Windows refuses a longer file or folder name (UTF-16 code units). */
export const MAX_SEGMENT = 255
/** MAX_PATH is 260 including the terminating NUL. */
export const MAX_PATH = 259
/** Room kept in every segment and path for what we append later: ` (999)` and `.part`. */
export const SUFFIX_RESERVE = 11
/** Segments are cut to this many code units so names stay readable and suffixes fit. */
export const DEFAULT_SEGMENT_CAP = 120
/** A segment is never shortened below this to fit the path budget. */
export const MIN_SEGMENT = 8

const RESERVED_CHARS = /[<>:"/\\|?*]/g
// C0 and C1 control characters, DEL.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g
// Without the g flag, so test() keeps no state between calls.
const HAS_RESERVED_CHAR = new RegExp(RESERVED_CHARS.source)
const HAS_CONTROL_CHAR = new RegExp(CONTROL_CHARS.source)
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i
const TRAILING_DOTS_SPACES = /[. ]+$/
const REPLACEMENT = '_'
export const EMPTY_NAME = 'unnamed'

/** The part Windows compares against the reserved device names: before the first dot, trailing spaces ignored. */
function deviceStem(name: string): string {
  const dot = name.indexOf('.')
  return (dot === -1 ? name : name.slice(0, dot)).replace(/ +$/, '')
}

export function isReservedName(name: string): boolean {
  return RESERVED_NAMES.test(deviceStem(name))
}

/** True when Windows accepts `name` as one file or folder name. */
export function isValidWindowsSegment(name: string): boolean {
  if (name.length === 0 || name.length > MAX_SEGMENT) return false
  if (name === '.' || name === '..') return false
  if (HAS_RESERVED_CHAR.test(name) || HAS_CONTROL_CHAR.test(name)) return false
  if (TRAILING_DOTS_SPACES.test(name)) return false
  if (isReservedName(name)) return false
  return !hasLoneSurrogate(name)
}

/** Replaces lone surrogates (invalid UTF-16, unencodable in a file name) with U+FFFD. */
function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
}

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true
      i++
    } else if (c >= 0xdc00 && c <= 0xdfff) return true
  }
  return false
}

/** Cuts to at most `max` UTF-16 code units without splitting a surrogate pair. */
function cutUnits(s: string, max: number): string {
  if (s.length <= max) return s
  let out = s.slice(0, max)
  const last = out.charCodeAt(out.length - 1)
  if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1)
  return out
}

/** Splits `report.final.xlsx` into `report.final` + `.xlsx`; a short plain extension only. */
export function splitExtension(name: string): { stem: string; ext: string } {
  const m = /^(.+?)(\.[A-Za-z0-9]{1,10})$/.exec(name)
  return m ? { stem: m[1] ?? name, ext: m[2] ?? '' } : { stem: name, ext: '' }
}

/** Shortens a name to `max` code units, keeping its extension when it can. */
export function shortenSegment(name: string, max: number): string {
  if (name.length <= max) return name
  const { stem, ext } = splitExtension(name)
  const kept = ext.length < max - 1 ? cutUnits(stem, max - ext.length) + ext : cutUnits(name, max)
  return finish(kept)
}

/** The last steps every segment takes: no trailing dots/spaces, not empty, not a device name. */
function finish(name: string): string {
  let out = name.replace(TRAILING_DOTS_SPACES, '')
  if (out === '') return EMPTY_NAME
  if (isReservedName(out)) {
    const stem = deviceStem(out)
    out = stem + REPLACEMENT + out.slice(out.indexOf(stem) + stem.length)
  }
  return out
}

/**
 * Turns one untrusted name into one valid Windows path segment: reserved and control characters
 * replaced, lone surrogates replaced, leading spaces and trailing dots/spaces stripped, reserved device
 * names renamed (`CON.txt` → `CON_.txt`), length capped, Unicode format characters (bidi controls, zero-width)
 * removed, names Explorer acts on defused (`desktop.ini_`, `x.lnk_`). Other Unicode is kept, normalised to NFC.
 */
export function sanitizeSegment(raw: string, cap: number = DEFAULT_SEGMENT_CAP): string {
  const limit = Math.max(MIN_SEGMENT, Math.min(cap, MAX_SEGMENT - SUFFIX_RESERVE))
  let s = removeFormatChars(wellFormed(raw).normalize('NFC'))
  s = s.replace(CONTROL_CHARS, REPLACEMENT).replace(RESERVED_CHARS, REPLACEMENT)
  s = s.replace(/^ +/, '')
  s = finish(s)
  s = shortenSegment(s, limit)
  // Shortening can expose a trailing dot or a device name; finish again (it never lengthens past limit + 1).
  s = finish(s)
  s = s.length > limit ? shortenSegment(s, limit) : s
  return defuseActiveName(s)
}

/** Key for "the same file" on a case-insensitive file system (Windows, macOS by default). */
export function collisionKey(relativeOrAbsolute: string): string {
  return relativeOrAbsolute.normalize('NFC').toLowerCase().replace(/\\/g, '/')
}

export class PathOutsideDestinationError extends Error {
  constructor(target: string) {
    super(`The path ${target} would be outside the destination folder.`)
    this.name = 'PathOutsideDestinationError'
  }
}

export class PathTooLongError extends Error {
  constructor(destination: string) {
    super(
      `The destination folder ${destination} is too deep: the downloaded files' paths would be longer than Windows allows. Choose a folder nearer the top of the drive.`
    )
    this.name = 'PathTooLongError'
  }
}

/**
 * Fits sanitized segments under the MAX_PATH budget for `destination`, shortening the longest segments
 * first (never below MIN_SEGMENT), keeping room for SUFFIX_RESERVE.
 */
export function fitPath(destination: string, segments: readonly string[], maxPath: number = MAX_PATH): string[] {
  const budget = maxPath - destination.length - 1 - SUFFIX_RESERVE
  const out = [...segments]
  const length = () => out.reduce((n, s) => n + s.length, 0) + Math.max(0, out.length - 1)
  while (length() > budget) {
    let longest = -1
    for (let i = 0; i < out.length; i++) {
      const len = out[i]?.length ?? 0
      if (len > MIN_SEGMENT && (longest === -1 || len > (out[longest]?.length ?? 0))) longest = i
    }
    if (longest === -1) throw new PathTooLongError(destination)
    const seg = out[longest] ?? ''
    const excess = length() - budget
    const target = Math.max(MIN_SEGMENT, seg.length - excess)
    out[longest] = shortenSegment(seg, target)
    if ((out[longest] ?? '').length >= seg.length) out[longest] = shortenSegment(seg, seg.length - 1)
  }
  return out
}

/**
 * Joins sanitized segments under `destination` and proves the result is inside it.
 * `pathApi` is node:path by default; tests pass path.win32 to check Windows semantics on Linux.
 */
export function joinInside(
  destination: string,
  segments: readonly string[],
  pathApi: path.PlatformPath = path
): string {
  for (const s of segments) {
    if (!isValidWindowsSegment(s)) throw new PathOutsideDestinationError(s)
  }
  const root = pathApi.resolve(destination)
  const full = pathApi.resolve(root, ...segments)
  if (!isRelativeInside(pathApi.relative(root, full), pathApi)) throw new PathOutsideDestinationError(full)
  return full
}

export function isInside(root: string, candidate: string, pathApi: path.PlatformPath = path): boolean {
  return isRelativeInside(pathApi.relative(pathApi.resolve(root), pathApi.resolve(candidate)), pathApi)
}

function isRelativeInside(rel: string, pathApi: path.PlatformPath): boolean {
  return rel !== '' && rel.split(pathApi.sep)[0] !== '..' && !pathApi.isAbsolute(rel)
}
