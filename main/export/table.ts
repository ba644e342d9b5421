/**
 * A table to export: columns and rows, whatever feature they come from (the queue, later the Insights page).
 * Rows may be produced lazily (a generator), so a writer never holds them all.
 */
export type ExportFormat = 'xlsx' | 'csv'

/** A date cell is written in the zone its column says: local wall-clock time, or UTC. */
export type DateZone = 'local' | 'utc'

export type ExportColumn<Row> =
  | { kind: 'text'; header: string; width?: number; value: (row: Row) => string | null }
  | { kind: 'number'; header: string; width?: number; numFmt?: string; value: (row: Row) => number | null }
  | { kind: 'date'; header: string; width?: number; zone: DateZone; value: (row: Row) => Date | null }

export interface ExportTable<Row> {
  /** The worksheet's name (xlsx); at most 31 characters, no `[]:*?/\`. */
  sheetName: string
  columns: readonly ExportColumn<Row>[]
  rows: Iterable<Row> | AsyncIterable<Row>
}

export interface WriteOptions {
  /** Milliseconds to add to a UTC time to get local wall-clock time then (default: this computer's zone). */
  localOffsetMs?: (at: Date) => number
}

export const systemOffsetMs = (at: Date): number => -at.getTimezoneOffset() * 60_000

/** The wall-clock time of a date in a zone, as a Date whose UTC fields hold it (what Excel stores: no zone). */
export function wallClock(at: Date, zone: DateZone, offsetMs: (at: Date) => number): Date {
  return zone === 'utc' ? at : new Date(at.getTime() + offsetMs(at))
}

/** The date-time format of date cells: ISO-like, so it reads the same in every locale. */
export const dateTimeFormat = 'yyyy-mm-dd hh:mm:ss'
