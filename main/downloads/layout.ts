import { layoutFields, type LayoutField } from '../../common/downloads'
import { AppError } from '../../common/errors'
import { fitPath, joinInside, sanitizeSegment } from './sanitize'
import type path from 'node:path'

/** What the layout template can use about a job. */
export interface LayoutJob {
  id: string
  name?: string | null
  type?: string | null
  submitterName?: string | null
  completionDate?: string | null
  /** Output names as listed with the job; asked for separately when absent. */
  outputFileNames?: readonly string[] | null
}

export type LayoutValues = Record<LayoutField, string>

const FIELD = /\{([A-Za-z]+)\}/g

/** Checks a template: known fields only, and `{fileName}` in its last folder level. Returns its levels. */
export function parseTemplate(template: string): string[] {
  const levels = template.split(/[/\\]+/).filter((l) => l.trim() !== '')
  if (levels.length === 0)
    throw new AppError('Validation', 'The folder layout is empty. Use for example {jobName} ({jobIdShort})/{fileName}.')
  for (const m of template.matchAll(FIELD)) {
    const field = m[1] ?? ''
    if (!(layoutFields as readonly string[]).includes(field)) {
      throw new AppError(
        'Validation',
        `The folder layout uses an unknown field {${field}}. Available: ${layoutFields.map((f) => `{${f}}`).join(', ')}.`
      )
    }
  }
  if (!(levels[levels.length - 1] ?? '').includes('{fileName}')) {
    throw new AppError(
      'Validation',
      'The last part of the folder layout must contain {fileName}, so each file keeps its own name.'
    )
  }
  return levels
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The values of the template's fields for one output file. Dates and times are local, with no `:`. */
export function layoutValues(job: LayoutJob, fileName: string): LayoutValues {
  const done = job.completionDate ? new Date(job.completionDate) : null
  const valid = done !== null && !Number.isNaN(done.getTime())
  return {
    jobName: job.name?.trim() || 'job',
    jobId: job.id,
    jobIdShort: job.id.replace(/-/g, '').slice(0, 8),
    jobType: job.type ?? 'job',
    submitter: job.submitterName?.trim() || 'unknown',
    completedDate: valid ? `${done.getFullYear()}-${pad(done.getMonth() + 1)}-${pad(done.getDate())}` : 'not-completed',
    completedTime: valid
      ? `${pad(done.getHours())}-${pad(done.getMinutes())}-${pad(done.getSeconds())}`
      : 'not-completed',
    fileName
  }
}

/**
 * The sanitized path segments for one file: each template level is filled in, then sanitized as a whole,
 * so a `/` or `..` inside a job or file name can never create or leave a folder.
 */
export function layoutSegments(levels: readonly string[], values: LayoutValues): string[] {
  return levels.map((level) => sanitizeSegment(level.replace(FIELD, (_m, f: string) => values[f as LayoutField] ?? '')))
}

export interface PlannedPath {
  relativePath: string
  targetPath: string
  segments: string[]
}

/** Lays one output file out under `destination`: sanitized, fitted to MAX_PATH, proven inside. */
export function planPath(
  destination: string,
  levels: readonly string[],
  job: LayoutJob,
  fileName: string,
  pathApi?: path.PlatformPath
): PlannedPath {
  const segments = fitPath(destination, layoutSegments(levels, layoutValues(job, fileName)))
  return { segments, relativePath: segments.join('/'), targetPath: joinInside(destination, segments, pathApi) }
}
