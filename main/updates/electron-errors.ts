import { UpdateError, askIt } from './errors'
import { FEED_FILE } from './feed'

/**
 * electron-updater's failures (error codes from builder-util-runtime, `net::ERR_*` from Chromium's network stack) in
 * words for the user. Plain Node, so it is tested without Electron.
 */
export function fromElectronUpdater(e: unknown, feed: URL): UpdateError {
  if (e instanceof UpdateError) return e
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : ''
  const text = e instanceof Error ? e.message : String(e)
  const status = (e as { statusCode?: unknown })?.statusCode
  const at = `the update server at ${feed.host}`
  const net = /net::(ERR_[A-Z_]+)/.exec(text)?.[1]
  if (net)
    return new UpdateError(
      'unreachable',
      `Could not reach ${at} (${net}). Check your network connection and try again. ${askIt}`,
      { cause: e }
    )
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' || status === 404)
    return new UpdateError(
      'unreachable',
      `${capital(at)} has no ${FEED_FILE} in ${feed.pathname}. Check the UpdateUrl policy. ${askIt}`,
      { cause: e }
    )
  if (code === 'ERR_CHECKSUM_MISMATCH' || code === 'ERR_UPDATER_INVALID_SIGNATURE')
    return new UpdateError(
      'refused',
      `The update from ${feed.host} does not match its published checksum or signature, so JobQueue Desktop refused it and installs nothing. ${askIt}`,
      { cause: e }
    )
  if (code === 'ERR_UPDATER_INVALID_UPDATE_INFO' || code === 'ERR_UPDATER_NO_FILES_PROVIDED')
    return new UpdateError('feed-invalid', `${capital(at)} sent an update list JobQueue Desktop cannot use. ${askIt}`, {
      cause: e
    })
  if (typeof status === 'number')
    return new UpdateError('unreachable', `${capital(at)} answered with an error (HTTP ${status}). ${askIt}`, {
      cause: e
    })
  return new UpdateError(
    'unreachable',
    `Updating failed: ${text.split('\n')[0]?.slice(0, 300) ?? 'unknown error'}. Try again later. ${askIt}`,
    { cause: e }
  )
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
