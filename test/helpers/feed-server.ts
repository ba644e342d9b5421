import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, normalize, sep } from 'node:path'
import { dump } from 'js-yaml'

/**
 * A static web server on 127.0.0.1 (port 0) over a temp folder, as a site hosts its update feed: GET a file, 404
 * otherwise. It records every path asked for, so a test can tell that a refused link was never fetched.
 */
export interface FeedServer {
  /** The server's root URL, e.g. http://127.0.0.1:40123/ */
  url: string
  root: string
  requested: string[]
  /** Writes a file under the root (folders made as needed). */
  put(path: string, body: string | Buffer): void
  close(): Promise<void>
}

export async function startFeedServer(): Promise<FeedServer> {
  const root = mkdtempSync(join(tmpdir(), 'jq-feed-'))
  const requested: string[] = []
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    requested.push(path)
    const file = normalize(join(root, path))
    const inside = file.startsWith(root + sep)
    const size = inside ? fileSize(file) : null
    if (req.method !== 'GET' || size === null) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    root,
    requested,
    put(path, body) {
      const file = join(root, path)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, body)
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function fileSize(file: string): number | null {
  try {
    const s = statSync(file)
    return s.isFile() ? s.size : null
  } catch {
    return null
  }
}

export const sha512Base64 = (body: Buffer): string => createHash('sha512').update(body).digest('base64')

/** A stand-in installer: random bytes, large enough to arrive in several chunks. */
export const standInInstaller = (size = 300 * 1024): Buffer => randomBytes(size)

/** latest.yml as electron-builder writes it for an NSIS installer. */
export function latestYml(o: { version: string; url: string; body: Buffer; sha512?: string; size?: number }): string {
  const sha512 = o.sha512 ?? sha512Base64(o.body)
  return dump({
    version: o.version,
    files: [{ url: o.url, sha512, size: o.size ?? o.body.length }],
    path: o.url,
    sha512,
    releaseDate: '2026-12-01T10:00:00.000Z'
  })
}
