import { describe, expect, it } from 'vitest'
import { UpdateError } from '../../../main/updates/errors'
import { artefactUrl, feedBaseUrl, isNewer, parseFeedText, readFeed } from '../../../main/updates/feed'
import { latestYml, sha512Base64 } from '../../helpers/feed-server'

/** latest.yml is untrusted server data: its shape, its versions and its links are checked before anything is fetched. */
const base = new URL('https://updates.example/apps/jq/')
const body = Buffer.from('stand-in installer')
const feedOf = (o: { version?: string; url?: string } = {}) =>
  parseFeedText(
    latestYml({ version: o.version ?? '1.2.3', url: o.url ?? 'JobQueue-Desktop-Setup-1.2.3.exe', body }),
    base
  )

describe('feedBaseUrl', () => {
  it.each([
    ['https://updates.example/apps/jq', 'https://updates.example/apps/jq/'],
    ['https://updates.example/apps/jq/?x=1#y', 'https://updates.example/apps/jq/'],
    ['http://127.0.0.1:8080/feed', 'http://127.0.0.1:8080/feed/']
  ])('accepts %s as the folder %s', (raw, folder) => expect(feedBaseUrl(raw)?.href).toBe(folder))

  it.each([
    null,
    '',
    'not a url',
    'http://updates.example/jq/',
    'ftp://updates.example/',
    'https://it:pw@updates.example/'
  ])('refuses %s', (raw) => expect(feedBaseUrl(raw)).toBeNull())
})

describe('readFeed', () => {
  it('gives the version, the installer link inside the folder, its size and its SHA-512', () => {
    expect(readFeed(feedOf(), base)).toEqual({
      version: '1.2.3',
      releaseName: null,
      file: {
        url: new URL('https://updates.example/apps/jq/JobQueue-Desktop-Setup-1.2.3.exe'),
        name: 'JobQueue-Desktop-Setup-1.2.3.exe',
        size: body.length,
        sha512: sha512Base64(body)
      }
    })
  })

  it('picks the .exe when the feed lists several files, as electron-updater does on Windows', () => {
    const info = {
      version: '1.2.3',
      files: [
        { url: 'notes.txt', sha512: sha512Base64(body), size: 1 },
        { url: 'sub/Setup.exe', sha512: sha512Base64(body), size: 2 }
      ]
    }
    expect(readFeed(info, base).file).toMatchObject({ name: 'Setup.exe', size: 2 })
  })

  it.each([
    ['no files', { version: '1.2.3', files: [] }, 'files'],
    ['a version that is not semver', { version: 'latest', files: [{ url: 'a.exe', sha512: 'x', size: 1 }] }, 'version'],
    ['a hex checksum', { version: '1.2.3', files: [{ url: 'a.exe', sha512: 'ab'.repeat(64), size: 1 }] }, 'sha512'],
    ['no size', { version: '1.2.3', files: [{ url: 'a.exe', sha512: sha512Base64(body) }] }, 'size'],
    [
      'a size over 1 GiB',
      { version: '1.2.3', files: [{ url: 'a.exe', sha512: sha512Base64(body), size: 2 ** 31 }] },
      'size'
    ],
    ['not a mapping', 'version 1.2.3', 'the file']
  ])('refuses a feed with %s', (_what, info, where) => {
    const read = () => readFeed(info, base)
    expect(read).toThrow(UpdateError)
    expect(read).toThrow(where)
  })

  it('reads YAML as data only: no dates, no custom types', () => {
    expect(() => parseFeedText('version: !!js/function "function () {}"', base)).toThrow('not valid YAML')
    expect(parseFeedText('releaseDate: 2026-12-01', base)).toEqual({ releaseDate: '2026-12-01' })
  })
})

describe('artefactUrl', () => {
  it.each([
    ['a relative name', 'Setup.exe'],
    ['a sub-folder', 'win/Setup.exe'],
    ['an absolute URL inside the folder', 'https://updates.example/apps/jq/Setup.exe']
  ])('accepts %s', (_what, raw) => expect(artefactUrl(raw, base).href.startsWith(base.href)).toBe(true))

  it.each([
    ['http when the feed is https', 'http://updates.example/apps/jq/Setup.exe', 'downloaded over http'],
    ['another server', 'https://evil.example/apps/jq/Setup.exe', 'on another server'],
    ['credentials', 'https://u:p@updates.example/apps/jq/Setup.exe', 'on another server'],
    ['a parent folder', '../Setup.exe', 'outside the update folder'],
    ['an encoded parent folder', '%2e%2e/%2E%2E/Setup.exe', 'outside the update folder'],
    ['an absolute path', '/Setup.exe', 'outside the update folder'],
    ['a protocol-relative link', '//evil.example/Setup.exe', 'on another server'],
    ['an encoded slash', '..%2fSetup.exe', 'encoded path separator'],
    ['a backslash', '..\\Setup.exe', 'encoded path separator'],
    ['the folder itself', './', 'outside the update folder'],
    ['a file: URL', 'file:///C:/Windows/Setup.exe', 'downloaded over file']
  ])('refuses %s', (_what, raw, why) => {
    expect(() => artefactUrl(raw, base)).toThrow(why)
    expect(() => artefactUrl(raw, base)).toThrow(UpdateError)
  })

  it('saves the installer under its decoded name, or update.bin when that is not a plain file name', () => {
    expect(readFeed(feedOf({ url: 'Set%20up.exe' }), base).file.name).toBe('Set up.exe')
    expect(
      readFeed({ version: '1.2.3', files: [{ url: '-rf.exe', sha512: sha512Base64(body), size: 1 }] }, base).file.name
    ).toBe('update.bin')
  })
})

describe('isNewer', () => {
  it.each([
    ['0.2.0', '0.1.0', true],
    ['0.1.0', '0.1.0', false],
    ['0.0.9', '0.1.0', false],
    ['0.2.0-beta.1', '0.1.0', true],
    ['0.1.0-beta.1', '0.1.0', false],
    ['10.0.0', '9.9.9', true]
  ])('%s over %s → %s', (candidate, current, newer) => expect(isNewer(candidate, current)).toBe(newer))
})
