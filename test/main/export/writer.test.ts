import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { csvField, exportTable, type ExportTable } from '../../../main/export'

interface Row {
  name: string
  count: number | null
  at: Date | null
}
const rows: Row[] = [
  { name: 'Tensile, "bars"', count: 3, at: new Date('2026-07-01T10:15:30Z') },
  { name: '=HYPERLINK("http://x")', count: null, at: new Date('2026-01-15T23:45:00Z') },
  { name: 'two\nlines', count: 0, at: null }
]
/** A zone two hours ahead of UTC in July and one in January, as Paris is: the writer must ask per date. */
const offset = (d: Date) => (d.getUTCMonth() >= 3 && d.getUTCMonth() <= 9 ? 2 : 1) * 3_600_000
const table = (r: Iterable<Row>): ExportTable<Row> => ({
  sheetName: 'Queue: today?',
  columns: [
    { kind: 'text', header: 'Name', width: 30, value: (x) => x.name },
    { kind: 'number', header: 'Count', value: (x) => x.count },
    { kind: 'date', header: 'At (local)', zone: 'local', value: (x) => x.at },
    { kind: 'date', header: 'At (UTC)', zone: 'utc', value: (x) => x.at }
  ],
  rows: r
})
const dir = () => mkdtempSync(join(tmpdir(), 'jq-export-'))

describe('the xlsx writer', () => {
  it('writes every row; dates are Date cells holding the local and the UTC wall-clock time; header bold, frozen, filtered', async () => {
    const path = join(dir(), 'out.xlsx')
    const result = await exportTable(path, 'xlsx', table(rows), { localOffsetMs: offset })
    expect(result).toEqual({ path, rows: rows.length })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path)
    const sheet = wb.worksheets[0]!
    expect(sheet.name).toBe('Queue  today ')
    expect(sheet.rowCount).toBe(rows.length + 1)
    expect(sheet.getRow(1).values).toEqual([undefined, 'Name', 'Count', 'At (local)', 'At (UTC)'])
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(sheet.autoFilter).toBeTruthy()
    expect(sheet.getColumn(1).width).toBe(30)
    rows.forEach((r, i) => {
      const row = sheet.getRow(i + 2)
      expect(row.getCell(1).value).toBe(r.name)
      expect(row.getCell(2).value).toBe(r.count)
      const local = row.getCell(3)
      const utc = row.getCell(4)
      if (r.at === null) {
        expect(local.value).toBeNull()
        expect(utc.value).toBeNull()
        return
      }
      expect(local.value).toBeInstanceOf(Date)
      expect(utc.value).toBeInstanceOf(Date)
      expect((utc.value as Date).getTime()).toBe(r.at.getTime())
      expect((local.value as Date).getTime() - r.at.getTime()).toBe(offset(r.at))
      expect(local.numFmt).toBe('yyyy-mm-dd hh:mm:ss')
    })
  })

  it('streams a generator of rows without holding them, and a failed export leaves no file behind', async () => {
    const d = dir()
    function* many(): Generator<Row> {
      for (let i = 0; i < 5000; i++) yield { name: `job ${i}`, count: i, at: new Date(Date.UTC(2026, 0, 1, 0, i)) }
    }
    const ok = await exportTable(join(d, 'many.xlsx'), 'xlsx', table(many()))
    expect(ok.rows).toBe(5000)
    function* failing(): Generator<Row> {
      yield rows[0]!
      throw new Error('the list went away')
    }
    for (const format of ['xlsx', 'csv'] as const) {
      await expect(exportTable(join(d, `broken.${format}`), format, table(failing()))).rejects.toThrow(
        'the list went away'
      )
    }
    expect(readdirSync(d)).toEqual(['many.xlsx'])
  })
})

describe('the CSV writer', () => {
  it('quotes as RFC 4180 says, guards formulas, starts with a BOM and writes dates Excel reads', async () => {
    const path = join(dir(), 'out.csv')
    await exportTable(path, 'csv', table(rows), { localOffsetMs: offset })
    const bytes = readFileSync(path)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    expect(text.split('\r\n')).toEqual([
      'Name,Count,At (local),At (UTC)',
      '"Tensile, ""bars""",3,2026-07-01 12:15:30,2026-07-01 10:15:30',
      `"'=HYPERLINK(""http://x"")",,2026-01-16 00:45:00,2026-01-15 23:45:00`,
      '"two\nlines",0,,',
      ''
    ])
  })

  it('puts a quote before every cell that starts like a formula', () => {
    for (const lead of ['=', '+', '-', '@']) expect(csvField(`${lead}1+2`)).toBe(`'${lead}1+2`)
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a"b')).toBe('"a""b"')
    expect(csvField('a\r\nb')).toBe('"a\r\nb"')
  })
})
