/**
 * Names from the server that could trick the user or Windows: Unicode format characters (bidi controls such as
 * U+202E, zero-width characters) that make `exe.txt` of `txt.exe`, files Explorer acts on by themselves, and
 * types that run code when opened.
 */
const FORMAT_CHARS = /\p{Cf}/gu
/** Explorer reads these when it shows a folder (desktop.ini, .scf, .url) or a drive (autorun.inf); .lnk runs a target. */
const ACTIVE_NAMES = /^(desktop\.ini|autorun\.inf)$|\.(lnk|url|scf)$/i
/** Types Windows runs, or hands to a script host, when opened. */
export const EXECUTABLE_EXTENSIONS = [
  'exe',
  'com',
  'bat',
  'cmd',
  'ps1',
  'psm1',
  'vbs',
  'vbe',
  'js',
  'jse',
  'wsf',
  'wsh',
  'hta',
  'msi',
  'msp',
  'mst',
  'scr',
  'pif',
  'cpl',
  'jar',
  'reg',
  'lnk',
  'url',
  'scf',
  'appref-ms',
  'application',
  'gadget',
  'msc',
  'inf',
  'chm'
]
const EXECUTABLE = new RegExp(`\\.(${EXECUTABLE_EXTENSIONS.join('|')})$`, 'i')

export function removeFormatChars(name: string): string {
  return name.replace(FORMAT_CHARS, '')
}

/** `desktop.ini` → `desktop.ini_`, `x.lnk` → `x.lnk_`: kept as data, never acted on. */
export function defuseActiveName(name: string): string {
  return ACTIVE_NAMES.test(name) ? `${name}_` : name
}

/** Whether opening the file could run code (then the app asks first). Trailing dots and spaces are ignored, as Windows does. */
export function isExecutableName(name: string): boolean {
  return EXECUTABLE.test(name.replace(/[. ]+$/, ''))
}
