import type { RecordList } from './files'

/**
 * Reads export records from pasted text or a CSV file: one record per line, the history identity first
 * and an optional version second, separated by a tab, a comma or a semicolon. A header row is skipped.
 */
export function parseRecordList(text: string): RecordList {
  const records: RecordList['records'] = []
  const skipped: RecordList['skipped'] = []
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  lines.forEach((raw, i) => {
    const line = raw.trim()
    if (line === '') return
    const cells = line.split(/[\t,;]/).map((c) =>
      c
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim()
    )
    const [first = '', second = ''] = cells
    if (!/^\d+$/.test(first)) {
      const isHeader = records.length === 0 && skipped.length === 0 && /[a-z]/i.test(first)
      if (!isHeader)
        skipped.push({ line: i + 1, text: raw, reason: 'The record history identity must be a whole number.' })
      return
    }
    const id = Number(first)
    if (id <= 0 || !Number.isSafeInteger(id)) {
      skipped.push({ line: i + 1, text: raw, reason: 'The record history identity must be a positive whole number.' })
      return
    }
    if (second !== '' && !/^\d+$/.test(second)) {
      skipped.push({
        line: i + 1,
        text: raw,
        reason: 'The version must be a whole number, or left empty for the latest.'
      })
      return
    }
    records.push({ historyIdentity: id, version: second === '' ? null : Number(second) })
  })
  return { records, skipped }
}

/** Indexes of records that repeat an earlier one (same identity and version). */
export function duplicateRecordIndexes(
  records: readonly { historyIdentity: number; version?: number | null }[]
): Set<number> {
  const seen = new Set<string>()
  const dupes = new Set<number>()
  records.forEach((r, i) => {
    const key = `${r.historyIdentity}/${r.version ?? ''}`
    if (seen.has(key)) dupes.add(i)
    seen.add(key)
  })
  return dupes
}
