import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { effectiveStatuses, jobTypeLabels, jobTypeSchema } from '../../../../common/domain'
import type { QueueFilters } from '../../../../common/queue-view/filter'
import { isServerSafe, type QueueScope } from '../../../../common/queue'
import { serverStatusOf, serverStatusPhrase } from '../../../../common/status-words'
import { isDatePreset } from './date-presets'

/** The filters and their predicate live in common/ (main filters an export with them too). */
export * from '../../../../common/queue-view/filter'

const dayPattern = /^\d{4}-\d{2}-\d{2}$/

/** A real calendar day `YYYY-MM-DD` (not 2026-02-30, which Date would roll over to March). */
function isDay(text: string): boolean {
  if (!dayPattern.test(text)) return false
  const [y, m, d] = text.split('-').map(Number)
  const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 0))
  return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d
}

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : ''
}

function list<T extends string>(value: LocationQuery[string] | undefined, allowed: readonly T[]): T[] {
  const parts = first(value).split(',').filter(Boolean)
  return allowed.filter((a) => parts.includes(a))
}

/** Reads filters from a route query; unknown or malformed values are ignored. */
export function queryToFilters(query: LocationQuery): QueueFilters {
  const from = first(query.from)
  const to = first(query.to)
  const within = first(query.within)
  if (isDatePreset(within)) return { ...rest(query), from: '', to: '', within }
  return { ...rest(query), from: isDay(from) ? from : '', to: isDay(to) ? to : '', within: '' }
}

function rest(query: LocationQuery): Omit<QueueFilters, 'from' | 'to' | 'within'> {
  return {
    text: first(query.q).slice(0, 500),
    types: list(query.type, jobTypeSchema.options),
    statuses: list(query.status, effectiveStatuses),
    submitter: first(query.submitter).slice(0, 200),
    mine: first(query.mine) === '1'
  }
}

/** The query for some filters: only what is set, so an unfiltered queue has a clean URL. */
export function filtersToQuery(f: QueueFilters): Record<string, string> {
  const q: Record<string, string> = {}
  if (f.text.trim()) q.q = f.text
  if (f.types.length) q.type = f.types.join(',')
  if (f.statuses.length) q.status = f.statuses.join(',')
  if (f.submitter) q.submitter = f.submitter
  if (f.mine) q.mine = '1'
  if (f.from) q.from = f.from
  if (f.to) q.to = f.to
  if (f.within) q.within = f.within
  return q
}

/** The query keys the filters own; other keys (such as `job`) are left alone when filters change. */
export const filterKeys = ['q', 'type', 'status', 'submitter', 'mine', 'from', 'to', 'within'] as const

/** The route query with the filters replaced and every other key kept. */
export function withFilters(query: LocationQuery, f: QueueFilters): LocationQueryRaw {
  const rest: LocationQueryRaw = {}
  for (const [k, v] of Object.entries(query)) if (!(filterKeys as readonly string[]).includes(k)) rest[k] = v
  return { ...rest, ...filtersToQuery(f) }
}

export function isFiltered(f: QueueFilters): boolean {
  return Object.keys(filtersToQuery(f)).length > 0
}

/** Shorter searches match most jobs: two server requests would cost more than filtering here. */
export const minServerText = 3

export interface ScopeContext {
  /** Who "only mine" means. */
  username: string | null
  /** Submitter names seen, to send the server's spelling of a name the view matches case-insensitively. */
  submitters: readonly string[]
}

/**
 * The part of the filters the server can apply (`GET /jobs` takes one type, one status, an exact submitter, and
 * substrings of the name or the description). The view still applies every filter to what comes back, so a filter
 * left out here (several types, a date range, a search with `&` or `#`) only costs a longer list, never a wrong one.
 *
 * `ideal` drops the limits of the request (safe characters, minimum length): the scope a list must cover for the
 * view to be complete, used to tell whether an offline copy can show these filters.
 */
export function filtersToScope(f: QueueFilters, context: ScopeContext, ideal = false): QueueScope {
  const scope: QueueScope = {}
  const sendable = (v: string) => ideal || isServerSafe(v)
  // "Other" is no type or status the server can filter by: the view filters those jobs itself.
  const type = f.types.length === 1 ? f.types[0] : undefined
  if (type && type !== 'Other') scope.jobType = type
  const statuses = new Set(f.statuses.map((s) => serverStatusOf[s]))
  const status = statuses.size === 1 ? [...statuses][0] : undefined
  if (status && status !== 'Other') scope.status = status
  const submitter = f.mine ? context.username : f.submitter ? spelling(f.submitter, context.submitters) : null
  if (submitter && sendable(submitter)) scope.submitterName = submitter
  const text = f.text.trim()
  if (text && sendable(text) && (ideal || text.length >= minServerText)) scope.text = text
  return scope
}

function spelling(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase()
  return known.find((k) => k.toLowerCase() === lower) ?? name
}

/** A few words for what a scope holds, to say what an offline copy can show: "Excel import jobs (Failed) by writer". */
export function describeScope(scope: QueueScope): string {
  const type = scope.jobType ? `${jobTypeLabels[scope.jobType]} jobs` : 'jobs'
  const status = scope.status ? ` (${serverStatusPhrase(scope.status)})` : ''
  const by = scope.submitterName ? ` by ${scope.submitterName}` : ''
  const text = scope.text ? ` matching “${scope.text}”` : ''
  return `${type}${status}${by}${text}`
}
