import { AppError } from '../../common/errors'

/** The URLs of one Granta MI server, derived from its Service Layer URL. Nothing is guessed or appended beyond the contract. */
export interface ServerUrls {
  /** The Service Layer URL as normalised: trimmed, no trailing `/`. */
  serviceLayer: string
  health: string
  /** `{sl}/proxy/v1.svc/mi` */
  api: string
  swagger: string
  version: string
  /** `{api}/v1alpha/job-queue` */
  jobQueue: string
  metrics: string
}

/** Trims and strips trailing slashes; refuses anything that is not an http(s) URL. */
export function normaliseServiceLayerUrl(input: string): string {
  const trimmed = input.trim().replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw new AppError(
      'Validation',
      `"${input.trim()}" is not a URL. Enter the Service Layer URL, such as https://server/mi_servicelayer.`,
      { field: 'url' }
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('Validation', 'The Service Layer URL must start with http:// or https://.', { field: 'url' })
  }
  if (url.search || url.hash) {
    throw new AppError('Validation', 'Remove the ? or # part from the Service Layer URL.', { field: 'url' })
  }
  if (url.username || url.password) {
    throw new AppError('Validation', 'Put the user name and password in the sign-in fields, not in the URL.', {
      field: 'url'
    })
  }
  return trimmed
}

export function serverUrls(serviceLayerUrl: string): ServerUrls {
  const sl = normaliseServiceLayerUrl(serviceLayerUrl)
  const api = `${sl}/proxy/v1.svc/mi`
  return {
    serviceLayer: sl,
    health: `${sl}/Health/v2.svc`,
    api,
    swagger: `${api}/swagger/v1/swagger.json`,
    version: `${api}/v1alpha/schema/mi-version`,
    jobQueue: `${api}/v1alpha/job-queue`,
    metrics: `${api}/v1alpha/metrics/jobs`
  }
}

/** One path segment, encoded so ids with `/`, `?`, `#` or `:` stay one segment. */
export function segment(value: string): string {
  return encodeURIComponent(value)
}

/**
 * A query string from defined values. `encodeURIComponent` encodes `&`, `+`, `#`, `=`, spaces (as %20, never `+`)
 * and non-ASCII (UTF-8), so filters and file names reach the server exactly as typed.
 */
export function query(params: Record<string, string | number | undefined | null>): string {
  const pairs = Object.entries(params)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return pairs.length > 0 ? `?${pairs.join('&')}` : ''
}
