import { mkdtempSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startSandbox, type SandboxOptions } from '../../../main/sandbox/index'
import { connect, type GrantaClient } from '../../../main/granta/index'

export const assets = resolve(import.meta.dirname, '../../../assets/sandbox')
export const asset = (name: string) => join(assets, name)

export const tempDir = (prefix = 'jq-granta-') => mkdtempSync(join(tmpdir(), prefix))

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>

export async function sandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, dataDir: tempDir('jq-sandbox-'), ...options })
}

export const users = {
  admin: { kind: 'basic', username: 'admin', password: 'admin-pass' },
  writer: { kind: 'basic', username: 'writer', password: 'writer-pass' },
  reader: { kind: 'basic', username: 'reader', password: 'reader-pass' }
} as const

export function connectAs(sb: { url: string }, user: keyof typeof users = 'admin'): Promise<GrantaClient> {
  return connect({ url: sb.url, auth: users[user], timeoutMs: 10_000 })
}

/** A plain HTTP server on 127.0.0.1 for the cases the sandbox cannot play (non-Granta, lying servers). */
export async function httpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void
): Promise<{ url: string; port: number; server: Server; close(): Promise<void> }> {
  const server = createServer(handler)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      })
  }
}

/** A port nothing listens on: bound, noted, released. */
export async function closedPort(): Promise<number> {
  const s = await httpServer(() => undefined)
  await s.close()
  return s.port
}

export { until } from '../../helpers/until'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

/** A server that answers the connect steps like Granta MI and everything else with `handler`; records the API requests. */
export async function fakeApi(handler: Handler) {
  const seen: { method: string; url: string; at: number }[] = []
  const server = await httpServer((req, res) => {
    const url = req.url ?? ''
    if (url.endsWith('/Health/v2.svc')) return void res.end()
    if (url.endsWith('/swagger/v1/swagger.json')) return void res.end('{"openapi":"3.0.1"}')
    if (url.endsWith('/schema/mi-version')) return void res.end('{"version":"25.2.0.0","majorMinorVersion":"25.2"}')
    seen.push({ method: req.method ?? '', url, at: Date.now() })
    handler(req, res)
  })
  const client = await connect(
    { url: `${server.url}/sl`, auth: { kind: 'anonymous' } },
    { retry: { baseDelayMs: 1, maxDelayMs: 2, limit: 2 } }
  )
  return {
    client,
    seen,
    close: async () => {
      client.close()
      await server.close()
    }
  }
}
