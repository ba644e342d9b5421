import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { extname, isAbsolute, join, normalize, relative, sep } from 'node:path'
import { Readable } from 'node:stream'
import { contentSecurityPolicy } from './csp'

/**
 * The app's own origin. The renderer is served from `app://jobqueue/` (a privileged, standard, secure
 * scheme registered in window.ts) instead of file://, so it has a real origin that IPC can check,
 * a CSP header on every response, and no access to the rest of the disk.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'jobqueue'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_START_URL = `${APP_ORIGIN}/index.html`

/** True for URLs of the app's own pages. (`new URL('app://x').origin` is "null" for custom schemes, so compare parts.) */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === ''
  } catch {
    return false
  }
}

/**
 * The file under `rendererDir` that an `app://jobqueue/...` request names, or null when the request is for
 * another host or would leave the folder. `/` and routes without an extension get index.html (history routing).
 */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0')) return null
  const lastSegment = pathname.split('/').pop() ?? ''
  if (pathname === '/' || !lastSegment.includes('.')) pathname = '/index.html'
  const file = normalize(join(rendererDir, pathname))
  const rel = relative(rendererDir, file)
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..') || isAbsolute(rel)) return null
  return file
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.txt': 'text/plain; charset=utf-8'
}

/** Headers on every response of the app's pages. */
export function appResponseHeaders(contentType?: string): Headers {
  const headers = new Headers({
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store'
  })
  if (contentType) headers.set('Content-Type', contentType)
  return headers
}

/**
 * The `app://jobqueue/` protocol handler: GET/HEAD of files under `rendererDir`, streamed, with the CSP header.
 * Everything else is a 404 (or 405), never a file from outside the folder.
 */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response(null, { status: 405, headers: appResponseHeaders() })
    const file = resolveAppFile(rendererDir, request.url)
    if (!file)
      return new Response('Not found', { status: 404, headers: appResponseHeaders('text/plain; charset=utf-8') })
    try {
      const info = await stat(file)
      if (!info.isFile()) throw new Error('not a file')
    } catch {
      return new Response('Not found', { status: 404, headers: appResponseHeaders('text/plain; charset=utf-8') })
    }
    const headers = appResponseHeaders(contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream')
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers })
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>
    return new Response(body, { status: 200, headers })
  }
}
