import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import got from 'got'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HandlerTable } from '../../../common/contract'
import { createApp, type AppServices } from '../../../main/app'
import { connect } from '../../../main/granta'
import { createDispatch } from '../../../main/ipc/dispatch'
import { FileSink, Logger } from '../../../main/log'
import { closedPort, httpServer, sandbox, type Sandbox } from '../granta/helpers'

/** Every error path that carries request options, logged to real files: no password, no Basic credentials. */
const user = 'writer'
const password = 'Wr0ng-Pa55word-7f3e'
const basic = Buffer.from(`${user}:${password}`).toString('base64')
const bearer = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LWFjY2Vzcy10b2tlbg.sig'

let dir: string
let logger: Logger
let sb: Sandbox
let silent: Awaited<ReturnType<typeof httpServer>>
let failing: Awaited<ReturnType<typeof httpServer>>
let app: AppServices

const logText = () => readFileSync(join(dir, 'logs', 'main.log'), 'utf8')
const secretHeaders = { authorization: `Basic ${basic}`, cookie: `session=${bearer}` }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jq-log-'))
  logger = new Logger(new FileSink({ dir: join(dir, 'logs') }), 'debug')
  sb = await sandbox()
  silent = await httpServer(() => undefined)
  failing = await httpServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: 'broken', access_token: bearer }))
  })
  app = createApp({ dataDir: dir, host: 'browser', reconnectOnStart: false, logger })
})
afterAll(async () => {
  await app?.dispose()
  await silent?.close()
  await failing?.close()
  await sb?.stop()
})

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (e) {
    return e
  }
  throw new Error('expected a failure')
}

describe('the log never holds a secret', () => {
  it('got HTTPError and RequestError, with their options, responses and requests', async () => {
    const httpError = await caught(() =>
      got(`${failing.url}/x?access_token=${bearer}`, {
        headers: secretHeaders,
        username: user,
        password,
        retry: { limit: 0 }
      })
    )
    logger.error('HTTPError', httpError)
    logger.error('its options', (httpError as { options: unknown }).options)
    logger.error('its response', (httpError as { response: unknown }).response)
    const port = await closedPort()
    const requestError = await caught(() =>
      got(`http://127.0.0.1:${port}/y?code=${bearer}`, { headers: secretHeaders, password, retry: { limit: 0 } })
    )
    logger.error('RequestError', requestError)
    logger.error('its options', (requestError as { options: unknown }).options)
    const text = logText()
    expect(text).toMatch(/HTTPError[\s\S]*status: 500[\s\S]*RequestError[\s\S]*ECONNREFUSED/)
  })

  it('a non-AppError thrown in a handler, carrying request options', async () => {
    const thrown = Object.assign(new Error(`request failed with Authorization: Basic ${basic}`), {
      options: { headers: secretHeaders, password, url: `${failing.url}/z?refresh_token=${bearer}` }
    })
    const table = { ...app.handlers, 'app.ping': () => Promise.reject(thrown) } as HandlerTable
    const result = await createDispatch(table, logger)('app.ping', { message: 'hi' }, { transport: 'browser' })
    expect(result.ok).toBe(false)
    expect(logText()).toMatch(/handler app\.ping threw[\s\S]*Authorization: \[redacted\]/)
  })

  it('a connect with a wrong password, through the session manager', async () => {
    const created = await app.handlers['connections.create'](
      {
        name: 'Sandbox by URL',
        url: sb.url,
        auth: 'basic',
        username: user,
        tls: { caFile: null, useSystemStore: true }
      },
      { transport: 'browser' }
    )
    const e = await caught(async () =>
      app.handlers['session.connect']({ id: created.id, password }, { transport: 'browser' })
    )
    expect((e as { code?: string }).code).toBe('Unauthorized')
    expect(logText()).toMatch(/connecting to Sandbox by URL .* failed/)
    expect(logText()).toMatch(/GET \/\S+ 401 \d+ ms \d+ B/)
  })

  it('a timeout while connecting', async () => {
    const e = await caught(() =>
      connect({ url: silent.url, auth: { kind: 'basic', username: user, password }, timeoutMs: 300 }, { logger })
    )
    logger.error('connect timed out', e)
    expect(logText()).toMatch(/connect timed out[\s\S]*Timeout/)
  })

  it('leaves none of the password, the Basic credentials or the token in the file', () => {
    const text = logText()
    expect(text.split('\n').length).toBeGreaterThan(20)
    expect(text).not.toContain(password)
    expect(text).not.toContain(basic)
    expect(text).not.toContain(bearer)
  })
})
