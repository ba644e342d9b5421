import { createWriteStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { finished } from 'node:stream/promises'
import type { Writable } from 'node:stream'
import { randomBytes } from 'node:crypto'
import { writeCsv } from './csv'
import { writeXlsx } from './xlsx'
import type { ExportFormat, ExportTable, WriteOptions } from './table'

/**
 * Writes a table to `path` atomically: into a temporary file beside it, flushed to disk, then renamed over the
 * target. A failed export leaves no half file (and an older file at the path stays as it was).
 */
export async function exportTable<Row>(
  path: string,
  format: ExportFormat,
  table: ExportTable<Row>,
  options: WriteOptions = {}
): Promise<{ path: string; rows: number }> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`)
  const out: Writable = createWriteStream(temp, { flags: 'wx' })
  try {
    const rows = format === 'xlsx' ? await writeXlsx(out, table, options) : await writeCsv(out, table, options)
    if (!out.writableEnded) out.end()
    await finished(out)
    const handle = await open(temp, 'r+')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
    return { path, rows }
  } catch (e) {
    // The file may still be opening: wait for the stream to close, or it would be created after the rm.
    out.destroy()
    if (!out.closed) await new Promise((resolve) => out.once('close', resolve))
    await rm(temp, { force: true })
    throw e
  }
}
