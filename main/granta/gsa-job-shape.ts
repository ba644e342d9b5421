import { bounds } from './bounds'
import type { GsaJob } from './schemas'

/*
 * A quick check that a listed job is already in the plain shape `gsaJobSchema` accepts, so a full list of
 * well-formed jobs skips zod's copy of each one. It may refuse more than the schema (those jobs then go through
 * zod, which gives the precise reason), never less: gsa-job-shape.test.ts checks that against the schema.
 */

type Fields = Record<string, unknown>

const text = (v: unknown, max: number): boolean => typeof v === 'string' && v.length <= max
const optionalText = (v: unknown, max = Infinity): boolean => v === null || v === undefined || text(v, max)

function optionalTexts(v: unknown, itemMax: number, most: number): boolean {
  if (v === null || v === undefined) return true
  if (!Array.isArray(v) || v.length > most) return false
  for (const item of v) if (!text(item, itemMax)) return false
  return true
}

function optionalPlainObject(v: unknown): boolean {
  if (v === null || v === undefined) return true
  if (typeof v !== 'object' || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

export function isPlainGsaJob(raw: unknown): raw is GsaJob {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false
  const j = raw as Fields
  const id = j['id']
  const position = j['position']
  return (
    typeof id === 'string' &&
    id.length >= 1 &&
    id.length <= bounds.id &&
    optionalText(j['name']) &&
    optionalText(j['description']) &&
    optionalText(j['type'], bounds.word) &&
    optionalText(j['status'], bounds.word) &&
    optionalText(j['submitterName'], bounds.userName) &&
    optionalTexts(j['submitterRoles'], bounds.word, bounds.roles) &&
    text(j['submissionDate'], bounds.date) &&
    optionalText(j['scheduledExecutionDate'], bounds.date) &&
    optionalText(j['executionDate'], bounds.date) &&
    optionalText(j['completionDate'], bounds.date) &&
    (position === null || position === undefined || Number.isSafeInteger(position)) &&
    optionalTexts(j['inputFileIds'], bounds.id, bounds.files) &&
    optionalTexts(j['outputFileNames'], bounds.fileName, bounds.files) &&
    optionalPlainObject(j['jobSpecificOutputs'])
  )
}
