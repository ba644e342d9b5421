/** The generic table writer: columns and an iterable of rows → an xlsx or CSV file, streamed and written atomically. */
export { exportTable } from './write-file'
export { writeCsv, csvField } from './csv'
export { writeXlsx, sheetName } from './xlsx'
export type { ExportColumn, ExportFormat, ExportTable, DateZone, WriteOptions } from './table'
