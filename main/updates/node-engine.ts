import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import got, { RequestError, type Response } from 'got'
import { AppError } from '../../common/errors'
import type { Logger } from '../log'
import type { UpdateEngine } from './engine'
import { UpdateError, askIt } from './errors'
import { FEED_FILE, MAX_FEED_BYTES, parseFeedText } from './feed'
import { saveVerified } from './verify'

export interface NodeEngineOptions {
  /** Where downloaded updates are kept (`<dataDir>/updates`). */
  dir: string
  logger: Logger
  /** Per-step timeouts (connect, first byte, between chunks); default 30 s. */
  timeoutMs?: number
}

/**
 * The update engine without Electron (the browser host, the tests): reads latest.yml, downloads the installer into
 * `dir` and checks it, but cannot install it. Redirects are not followed: a feed must be where IT says it is.
 */
export function nodeUpdateEngine(options: NodeEngineOptions): (feed: URL) => UpdateEngine {
  const timeout = options.timeoutMs ?? 30_000
  const request = (url: URL) =>
    got.stream(url, {
      followRedirect: false,
      retry: { limit: 0 },
      throwHttpErrors: false,
      timeout: { connect: timeout, response: timeout, read: timeout },
      headers: { 'cache-control': 'no-cache' },
      decompress: false
    })

  return (feed) => ({
    canInstall: false,
    async fetchFeed() {
      const text = await readText(request(new URL(FEED_FILE, feed)), feed, MAX_FEED_BYTES)
      return { info: parseFeedText(text, feed), offered: true }
    },
    async download(update, onProgress) {
      await mkdir(options.dir, { recursive: true })
      const dest = join(options.dir, update.file.name)
      const expected = { ...update.file, host: feed.host }
      const stream = request(update.file.url)
      await checkedResponse(stream, feed, update.file.size)
      await saveVerified(stream, dest, expected, onProgress).catch((e: unknown) => {
        throw asUpdateError(e, feed)
      })
      options.logger.info(`update ${update.version} downloaded and verified: ${dest}`)
    },
    install() {
      throw new AppError(
        'Forbidden',
        'The browser host cannot install updates. Install the update from the desktop app, or run the downloaded installer.'
      )
    }
  })
}

/** Waits for the answer's head: 200, and no declared length over `limit`. */
function checkedResponse(stream: Readable & { once: Readable['once'] }, feed: URL, limit: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    stream.once('error', (e: unknown) => reject(asUpdateError(e, feed)))
    stream.once('response', (res: Response) => {
      const length = Number(res.headers['content-length'] ?? Number.NaN)
      if (res.statusCode !== 200) {
        stream.destroy()
        reject(statusError(res.statusCode, feed))
      } else if (Number.isFinite(length) && length > limit) {
        stream.destroy()
        reject(
          new UpdateError('refused', `The update server at ${feed.host} sent a file larger than expected. ${askIt}`)
        )
      } else resolve(res)
    })
  })
}

async function readText(stream: Readable, feed: URL, limit: number): Promise<string> {
  await checkedResponse(stream, feed, limit)
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > limit) {
        stream.destroy()
        throw new UpdateError(
          'feed-invalid',
          `The update server at ${feed.host} sent a ${FEED_FILE} larger than ${limit / 1024} KB. ${askIt}`
        )
      }
      chunks.push(chunk)
    }
  } catch (e) {
    throw asUpdateError(e, feed)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function statusError(status: number, feed: URL): UpdateError {
  if (status === 404)
    return new UpdateError(
      'unreachable',
      `The update server at ${feed.host} has no ${FEED_FILE} in ${feed.pathname}. Check the UpdateUrl policy. ${askIt}`
    )
  if (status >= 300 && status < 400)
    return new UpdateError(
      'unreachable',
      `The update server at ${feed.host} redirects elsewhere; JobQueue Desktop reads updates only from the address IT set. Set UpdateUrl to the final address.`
    )
  return new UpdateError(
    'unreachable',
    `The update server at ${feed.host} answered with an error (HTTP ${status}). Try again later. ${askIt}`
  )
}

const networkReasons: Record<string, string> = {
  ECONNREFUSED: 'it refused the connection',
  ENOTFOUND: 'its name could not be found',
  EAI_AGAIN: 'its name could not be looked up',
  ETIMEDOUT: 'it did not answer in time',
  ECONNRESET: 'the connection was cut',
  EHOSTUNREACH: 'it cannot be reached from this network'
}

/** Any failure as an UpdateError: ours pass through, network errors say what happened. */
export function asUpdateError(e: unknown, feed: URL): UpdateError {
  if (e instanceof UpdateError) return e
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : ''
  if (e instanceof RequestError || code in networkReasons) {
    const reason =
      networkReasons[code] ?? (code === 'ERR_GOT_REQUEST_ERROR' ? 'the request failed' : code || 'the request failed')
    return new UpdateError(
      'unreachable',
      `Could not reach the update server at ${feed.host}: ${reason}. Check your network connection and try again. ${askIt}`,
      { cause: e }
    )
  }
  return new UpdateError(
    'disk',
    `The update could not be saved: ${e instanceof Error ? e.message : String(e)}. Check that there is free disk space, then try again.`,
    { cause: e }
  )
}
