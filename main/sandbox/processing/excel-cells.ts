import ExcelJS from 'exceljs'
import type { ScalarValue } from './record-store'
import { JobFailure } from './types'

/** A cell on a named worksheet (1-based row and column). */
export interface CellRef {
  sheet: string
  row: number
  column: number
}

/** Opens a workbook; anything that is not a readable .xlsx stops the job with the file's name. */
export async function readWorkbook(diskPath: string, name: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.readFile(diskPath)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new JobFailure(`The input file "${name}" is missing on the server`)
    throw new JobFailure(`${name} is not a readable Excel workbook (.xlsx): ${(e as Error).message}`)
  }
  if (workbook.worksheets.length === 0)
    throw new JobFailure(`${name} is not a readable Excel workbook: it has no worksheets`)
  return workbook
}

/** The plain value of a cell: formula results, rich text and hyperlinks become text or numbers. */
export function scalarOf(value: ExcelJS.CellValue): ScalarValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value.trim() === '' ? null : value
  if (typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return value.toISOString()
  if ('richText' in value) return value.richText.map((part) => part.text).join('') || null
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result
    if (result === undefined || (typeof result === 'object' && result !== null && 'error' in result)) return null
    return scalarOf(result)
  }
  if ('hyperlink' in value) return value.text
  if ('error' in value) return null
  return null
}

export function cellText(value: ExcelJS.CellValue): string {
  const scalar = scalarOf(value)
  return scalar === null ? '' : String(scalar)
}

export function isFormulaCell(cell: ExcelJS.Cell): boolean {
  const value = cell.value
  return typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value)
}

/**
 * Parses "'Tensile Test definition'!$C$15", "Sheet1!C15" or the first cell of a range
 * ("'Import Options'!$C$16:$C$18").
 */
export function parseCellReference(reference: string): CellRef | undefined {
  const m = /^(?:'((?:[^']|'')+)'|([^!']+))!\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?[A-Za-z]{1,3}\$?\d+)?$/.exec(
    reference.trim()
  )
  if (!m || !m[3] || !m[4]) return undefined
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? '')
  return { sheet, row: Number(m[4]), column: columnNumber(m[3]) }
}

function columnNumber(letters: string): number {
  let n = 0
  for (const c of letters.toUpperCase()) n = n * 26 + (c.charCodeAt(0) - 64)
  return n
}

export function columnLetters(column: number): string {
  let letters = ''
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return letters
}

export function address(ref: CellRef, columnOffset = 0): string {
  return `'${ref.sheet}'!${columnLetters(ref.column + columnOffset)}${ref.row}`
}

/** Where a workbook's defined name points, or undefined when the name is not defined. */
export function resolveDefinedName(workbook: ExcelJS.Workbook, name: string): CellRef | undefined {
  const entry = workbook.definedNames.model.find((d) => d.name.toLowerCase() === name.toLowerCase())
  const first = entry?.ranges[0]
  return first === undefined ? undefined : parseCellReference(first)
}

/** Compares labels the way a person would: case, spacing and trailing colons do not matter. */
export function sameLabel(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/\s+/g, ' ').replace(/:$/, '').trim().toLowerCase()
  return norm(a) === norm(b)
}
