import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { basename } from 'node:path'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import yazl from 'yazl'
import { redactText } from '../log/redact'

export const REPORT_NAME = 'diagnostics.txt'

/**
 * Writes `diagnostics.txt` and each log file (as `logs/<name>`, every line redacted again) into a zip at `target`:
 * streamed into a temp file beside it, fsynced, then renamed into place.
 */
export async function writeDiagnosticsZip(target: string, report: string, logs: string[]): Promise<void> {
  const zip = new yazl.ZipFile()
  zip.addBuffer(Buffer.from(report, 'utf8'), REPORT_NAME)
  for (const file of logs) zip.addReadStream(Readable.from(redactedLines(file)), `logs/${basename(file)}`)
  zip.end()
  const temp = `${target}.tmp-${randomUUID()}`
  const handle = await open(temp, 'w')
  try {
    for await (const chunk of zip.outputStream) await handle.write(chunk as Buffer)
    await handle.sync()
    await handle.close()
    await rename(temp, target)
  } catch (e) {
    await handle.close().catch(() => {})
    await rm(temp, { force: true })
    throw e
  }
}

/** A log file line by line through the one redaction step; a file rotated away since it was listed is empty. */
async function* redactedLines(file: string): AsyncGenerator<Buffer> {
  try {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity })
    for await (const line of lines) yield Buffer.from(`${redactText(line)}\n`, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
}
