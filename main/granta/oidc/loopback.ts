import { createServer, type Server } from 'node:http'
import { AppError } from '../../../common/errors'

export interface RedirectWait {
  /** Resolves with the full redirect URL the browser came back with (code, state, iss or error). */
  answer: Promise<URL>
  close(): void
}

const page = (title: string, text: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1>${title}</h1><p>${text}</p></body></html>`

/**
 * Listens on exactly the host, port and path of the redirect URI (RFC 8252) for one answer from the browser;
 * closes after it, after `timeoutMs`, or when `signal` aborts. Other paths get a 404 and are not the answer.
 */
export async function listenForRedirect(
  redirectUri: string,
  options: { timeoutMs: number; signal?: AbortSignal }
): Promise<RedirectWait> {
  const target = new URL(redirectUri)
  const host = target.hostname === 'localhost' ? '127.0.0.1' : target.hostname.replace(/^\[|\]$/g, '')
  const port = Number(target.port)
  let settle: { resolve: (u: URL) => void; reject: (e: unknown) => void } | undefined
  const answer = new Promise<URL>((resolve, reject) => (settle = { resolve, reject }))
  answer.catch(() => {})
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', target)
    if (req.method !== 'GET' || url.pathname !== target.pathname) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
      return
    }
    const failed = url.searchParams.has('error')
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' })
    res.end(
      failed
        ? page('Sign-in did not finish', 'Return to JobQueue Desktop to see why.')
        : page('Signed in', 'You can close this tab and return to JobQueue Desktop.')
    )
    finish(() => settle?.resolve(url))
  })
  let done = false
  const timer = setTimeout(
    () =>
      finish(() =>
        settle?.reject(
          new AppError(
            'Timeout',
            `The sign-in in your browser did not finish within ${Math.round(options.timeoutMs / 1000)} s (the page was closed or left open). Try again.`,
            { step: 'authenticate' }
          )
        )
      ),
    options.timeoutMs
  )
  const onAbort = (): void =>
    finish(() => settle?.reject(new AppError('Cancelled', 'The sign-in was stopped.', { step: 'authenticate' })))
  options.signal?.addEventListener('abort', onAbort, { once: true })
  function finish(then: () => void): void {
    if (done) return
    done = true
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
    server.close()
    server.closeIdleConnections()
    then()
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      done = true
      reject(
        new AppError(
          'Validation',
          e.code === 'EADDRINUSE'
            ? `Another program uses port ${port} on this computer, where the sign-in answer must arrive (${target.origin}${target.pathname}). Close it and try again.`
            : `The sign-in answer cannot be received on ${target.origin} (${e.message}).`,
          { step: 'authenticate' }
        )
      )
    })
    server.listen(port, host, () => resolve())
  })
  if (options.signal?.aborted) onAbort()
  return { answer, close: () => finish(() => settle?.reject(new AppError('Cancelled', 'The sign-in was stopped.'))) }
}
