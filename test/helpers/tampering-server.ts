import { createServer, request, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { z } from 'zod'

/**
 * A real HTTP server on 127.0.0.1 that answers the Server API by passing every request to a sandbox, signed in as
 * `user` (so clients connect anonymously), and rewrites the job list answers with `tamper`: a server that sends
 * what the sandbox never would (jobs without an id, types of a newer release).
 */
/** A job list as the sandbox sends it; other fields pass through untouched. */
const jobList = z.looseObject({ totalResultCount: z.number(), results: z.array(z.record(z.string(), z.unknown())) })

export async function startTamperingServer(options: {
  upstream: string
  user: { username: string; password: string }
  tamper: (list: { totalResultCount: number; results: Record<string, unknown>[] }) => unknown
}): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(options.upstream)
  const auth = `Basic ${Buffer.from(`${options.user.username}:${options.user.password}`).toString('base64')}`
  const server = createServer((req, res) => {
    const path = req.url ?? '/'
    const isList = req.method === 'GET' && /\/job-queue\/jobs(\?|$)/.test(path)
    const headers: IncomingHttpHeaders = { ...req.headers, host: upstream.host, authorization: auth }
    if (isList) delete headers['accept-encoding']
    const out = request(
      { host: upstream.hostname, port: upstream.port, path, method: req.method, headers },
      (answer) => {
        if (!isList || answer.statusCode !== 200) {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
          return
        }
        const chunks: Buffer[] = []
        answer.on('data', (c: Buffer) => chunks.push(c))
        answer.on('end', () => {
          const list = jobList.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')))
          const body = JSON.stringify(options.tamper(list))
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
          res.end(body)
        })
      }
    )
    out.on('error', () => res.writeHead(502).end())
    req.pipe(out)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      })
  }
}

/** The acceptance case: the first job loses its id, the second gets a type of a newer release. */
export function dropIdAndRenameType(list: { totalResultCount: number; results: Record<string, unknown>[] }) {
  const results = list.results.map((j) => ({ ...j }))
  if (results[0]) delete results[0]['id']
  if (results[1]) results[1]['type'] = 'DataUpdaterJob'
  return { ...list, results }
}
