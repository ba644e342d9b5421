import { writeFile } from 'node:fs/promises'

/**
 * The Mark of the Web: on Windows, a `Zone.Identifier` stream on a file says it came from the Internet zone
 * (ZoneId=3), so SmartScreen, Office Protected View and the shell treat it with care. Elsewhere there is no
 * such stream and nothing is written.
 */
export function zoneIdentifier(hostUrl: string): string {
  return `[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=${safeHostUrl(hostUrl)}\r\n`
}

/** The Service Layer's origin and path only: never credentials, a query or a line break. */
function safeHostUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}${u.pathname}`.replace(/[\r\n]/g, '')
  } catch {
    return 'about:internet'
  }
}

export interface MarkOptions {
  platform?: NodeJS.Platform
  write?: (path: string, text: string) => Promise<void>
}

/** Marks a downloaded file as from the Internet (before it is renamed into place: the stream moves with it). */
export async function markFromInternet(file: string, hostUrl: string, options: MarkOptions = {}): Promise<boolean> {
  if ((options.platform ?? process.platform) !== 'win32') return false
  await (options.write ?? ((p, t) => writeFile(p, t, 'utf8')))(`${file}:Zone.Identifier`, zoneIdentifier(hostUrl))
  return true
}
