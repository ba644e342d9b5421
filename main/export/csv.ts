import type { Writable } from 'node:stream'
import { once } from 'node:events'
import { systemOffsetMs, wallClock, type ExportTable, type WriteOptions } from './table'

/** Excel reads a UTF-8 file as such only when it starts with a byte order mark. */
const BOM = '\uFEFF'
/** A cell Excel would take for a formula (or DDE) starts with one of these: it gets a leading `'`. */
const formulaStart = /^[=+\-@\t\r]/

/** One CSV field: formula guard, then RFC 4180 quoting (quotes doubled; quoted when it holds `,` `"` or a line break). */
export function csvField(text: string): string {
  const safe = formulaStart.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** `2026-11-28 13:15:02`: a date Excel recognizes on opening, in the column's zone. */
function csvDate(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ')
}

/** Writes the table as CSV (CRLF line ends, UTF-8 with BOM) to a stream, minding backpressure. Returns the row count. */
export async function writeCsv<Row>(
  out: Writable,
  table: ExportTable<Row>,
  options: WriteOptions = {}
): Promise<number> {
  const offset = options.localOffsetMs ?? systemOffsetMs
  const line = (fields: string[]) => fields.join(',') + '\r\n'
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  await write(BOM + line(table.columns.map((c) => csvField(c.header))))
  let rows = 0
  for await (const row of table.rows) {
    const fields = table.columns.map((c) => {
      switch (c.kind) {
        case 'text':
          return csvField(c.value(row) ?? '')
        case 'number': {
          const n = c.value(row)
          return n === null || !Number.isFinite(n) ? '' : String(n)
        }
        case 'date': {
          const d = c.value(row)
          return d === null || Number.isNaN(d.getTime()) ? '' : csvDate(wallClock(d, c.zone, offset))
        }
      }
    })
    await write(line(fields))
    rows++
  }
  return rows
}
