import { z } from 'zod'
import { isCanonicalUtc, isoUtc, type JobSummary, type JobType } from '../../common/domain'

/** The server's wire formats for dates and job outputs, read into the domain's shapes. */

const serverDate = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * Normalises a server date to ISO UTC. Accepts an offset or `Z`, and naive dates (taken as UTC).
 * Returns null when the text is not a date.
 */
export function normaliseServerDate(text: string): string | null {
  if (isCanonicalUtc(text)) return text
  const m = serverDate.exec(text.trim())
  if (!m) return null
  const [, day, time, zone] = m
  const offset = !zone ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone
  return isoUtc(`${day}T${time}${offset}`)
}

// Plain shapes (no transforms), so zod's fast path applies: this runs once per job of a full list.
const optionalInt = z.number().int().nullish()

const wireImportSummary = z.object({
  FinishedSuccessfully: z.boolean(),
  NumberOfErrors: optionalInt,
  NumberOfRecordsCreated: optionalInt,
  NumberOfRecordsUpdated: optionalInt,
  NumberOfTasks: optionalInt
})

const wireExportSummary = z.object({
  ExportedRecords: optionalInt,
  Errors: z.array(z.unknown()).nullish()
})

/** A job output value: the server sends JSON-encoded strings; older or other servers may send objects. */
export function decodeJobOutput(value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

/**
 * Reads the `summary` entry of `jobSpecificOutputs` for a job of the given type.
 * Returns null when there is none or when it is not a summary we understand (it stays in `outputs`).
 */
export function parseJobSummary(type: JobType, outputs: Record<string, unknown>): JobSummary | null {
  // A type the app does not know may mean anything by its summary.
  if (type === 'Other') return null
  const raw = decodeJobOutput(outputs['summary'] ?? outputs['Summary'])
  if (raw === null || typeof raw !== 'object') return null
  if (type === 'ExcelExportJob') {
    const r = wireExportSummary.safeParse(raw)
    if (!r.success) return null
    const errors = (r.data.Errors ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))
    return { kind: 'export', exportedRecords: r.data.ExportedRecords ?? null, errors }
  }
  const r = wireImportSummary.safeParse(raw)
  if (!r.success) return null
  return {
    kind: 'import',
    finishedSuccessfully: r.data.FinishedSuccessfully,
    numberOfErrors: r.data.NumberOfErrors ?? null,
    numberOfRecordsCreated: r.data.NumberOfRecordsCreated ?? null,
    numberOfRecordsUpdated: r.data.NumberOfRecordsUpdated ?? null,
    numberOfTasks: r.data.NumberOfTasks ?? null
  }
}
