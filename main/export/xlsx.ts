import type { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { dateTimeFormat, systemOffsetMs, wallClock, type ExportTable, type WriteOptions } from './table'

/** Worksheet names: at most 31 characters, none of `[]:*?/\`. */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1'
}

/**
 * Writes the table as one worksheet with exceljs's streaming writer: each row is committed as it is added, so memory
 * stays bounded whatever the row count. Dates are real Excel dates; the header row is bold, frozen and filtered.
 */
export async function writeXlsx<Row>(
  out: Writable,
  table: ExportTable<Row>,
  options: WriteOptions = {}
): Promise<number> {
  const offset = options.localOffsetMs ?? systemOffsetMs
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const sheet = workbook.addWorksheet(sheetName(table.sheetName), {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }]
  })
  sheet.columns = table.columns.map((c, i) => ({
    key: String(i),
    header: c.header,
    width: c.width ?? Math.max(10, c.header.length + 2),
    style: c.kind === 'date' ? { numFmt: dateTimeFormat } : c.kind === 'number' && c.numFmt ? { numFmt: c.numFmt } : {}
  }))
  const header = sheet.getRow(1)
  header.font = { bold: true }
  header.commit()
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } }
  let rows = 0
  for await (const row of table.rows) {
    const values = table.columns.map((c) => {
      switch (c.kind) {
        case 'text':
          return c.value(row)
        case 'number': {
          const n = c.value(row)
          return n === null || !Number.isFinite(n) ? null : n
        }
        case 'date': {
          const d = c.value(row)
          return d === null || Number.isNaN(d.getTime()) ? null : wallClock(d, c.zone, offset)
        }
      }
    })
    sheet.addRow(values).commit()
    rows++
  }
  sheet.commit()
  await workbook.commit()
  return rows
}
