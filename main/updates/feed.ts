import { CORE_SCHEMA, load } from 'js-yaml'
import semver from 'semver'
import { z } from 'zod'
import { UpdateError, askIt } from './errors'

/**
 * The update feed: a folder on the site's web server holding `latest.yml` (written by electron-builder) and the
 * installer it names. Everything in it is untrusted server data: parsed with zod, bounded, and its links kept
 * inside the feed folder.
 */
export const FEED_FILE = 'latest.yml'
/** latest.yml is a few hundred bytes; anything much larger is not one. */
export const MAX_FEED_BYTES = 256 * 1024
/** The installer is about 100 MB; a feed that announces more than this is refused before any byte. */
export const MAX_ARTEFACT_BYTES = 1024 * 1024 * 1024

/** What a valid feed offers: a newer version and the one file to download, with its size and SHA-512. */
export interface FeedUpdate {
  version: string
  releaseName: string | null
  file: { url: URL; name: string; size: number; sha512: string }
}

const sha512Schema = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a SHA-512 checksum in base64')
const feedFileSchema = z.object({
  url: z.string().min(1).max(2000),
  sha512: sha512Schema,
  size: z.number().int().positive().max(MAX_ARTEFACT_BYTES)
})
const feedSchema = z.object({
  version: z
    .string()
    .max(64)
    .refine((v) => semver.valid(v) !== null, 'a version such as 1.2.3'),
  files: z.array(feedFileSchema).min(1).max(20),
  releaseName: z.string().max(200).nullish()
})

/**
 * The feed folder from IT's `updateUrl`: https only (http on 127.0.0.1 too, for tests and a local server), no
 * credentials, and a trailing slash so that relative links resolve inside it. Null when the URL cannot be used.
 */
export function feedBaseUrl(raw: string | null | undefined): URL | null {
  if (!raw) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  const loopback = url.hostname === '127.0.0.1'
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return null
  if (url.username || url.password) return null
  url.hash = ''
  url.search = ''
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url
}

/** latest.yml as data: YAML's core schema (no dates, no custom types), nothing executed. */
export function parseFeedText(text: string, base: URL): unknown {
  try {
    return load(text, { schema: CORE_SCHEMA, json: true })
  } catch (e) {
    throw invalidFeed(base, 'it is not valid YAML', e)
  }
}

/**
 * The feed as the app will use it: zod-checked, the Windows installer (.exe) chosen as electron-updater does, and
 * its link confined to the feed folder.
 */
export function readFeed(info: unknown, base: URL): FeedUpdate {
  const parsed = feedSchema.safeParse(info)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : 'the file'
    throw invalidFeed(base, `${where} is not what JobQueue Desktop expects (${issue?.message ?? 'unknown'})`)
  }
  const feed = parsed.data
  const file = feed.files.find((f) => /\.exe$/i.test(f.url.split(/[?#]/)[0] ?? '')) ?? feed.files[0]
  if (!file) throw invalidFeed(base, 'it lists no file')
  const url = artefactUrl(file.url, base)
  return {
    version: feed.version,
    releaseName: feed.releaseName ?? null,
    file: { url, name: artefactName(url), size: file.size, sha512: file.sha512 }
  }
}

/** Whether `candidate` is newer than the running version (semver; a pre-release counts as older than its release). */
export function isNewer(candidate: string, current: string): boolean {
  const cur = semver.valid(current)
  return cur !== null && semver.gt(candidate, cur)
}

/** The installer's link, resolved against the feed folder, refused when it leaves it in any way. */
export function artefactUrl(raw: string, base: URL): URL {
  const refuse = (why: string) =>
    new UpdateError(
      'refused',
      `The update server at ${base.host} lists an installer that ${why}, so JobQueue Desktop refused it. ${askIt}`
    )
  // Encoded separators and NUL survive URL parsing and could be decoded by the server into a path elsewhere.
  if (/\\|%2f|%5c|%00/i.test(raw)) throw refuse('has an encoded path separator in its link')
  let url: URL
  try {
    url = new URL(raw, base)
  } catch {
    throw refuse('has a link that is not a URL')
  }
  if (url.protocol !== base.protocol) throw refuse(`would be downloaded over ${url.protocol.replace(':', '')}`)
  if (url.host !== base.host || url.username || url.password) throw refuse('is on another server')
  if (!url.pathname.startsWith(base.pathname) || url.pathname === base.pathname)
    throw refuse('lies outside the update folder')
  url.hash = ''
  return url
}

/** The file name to save the installer as: the link's last segment when it is a plain name, else `update.bin`. */
function artefactName(url: URL): string {
  let last = ''
  try {
    last = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1))
  } catch {
    last = ''
  }
  return /^[\w][\w .()+-]{0,150}$/.test(last) && !last.endsWith('.') ? last : 'update.bin'
}

function invalidFeed(base: URL, why: string, cause?: unknown): UpdateError {
  return new UpdateError(
    'feed-invalid',
    `The update server at ${base.host} sent an update list (${FEED_FILE}) that JobQueue Desktop cannot use: ${why}. ${askIt}`,
    { cause }
  )
}
