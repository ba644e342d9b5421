import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { UpdateError } from '../../../main/updates/errors'
import { saveVerified } from '../../../main/updates/verify'
import { sha512Base64, standInInstaller } from '../../helpers/feed-server'

/** The check on the bytes themselves, whatever the server declared in its headers. */
const body = standInInstaller(100 * 1024)
const expected = { name: 'Setup.exe', size: body.length, sha512: sha512Base64(body), host: 'updates.example' }
const chunks = (b: Buffer) => Readable.from([b.subarray(0, 4096), b.subarray(4096)])

describe('saveVerified', () => {
  it('keeps the file, renamed from its .part, when size and SHA-512 match', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-verify-'))
    const seen: number[] = []
    await saveVerified(chunks(body), join(dir, 'Setup.exe'), expected, (p) => seen.push(p.transferred))
    expect(readFileSync(join(dir, 'Setup.exe')).equals(body)).toBe(true)
    expect(readdirSync(dir)).toEqual(['Setup.exe'])
    expect(seen).toEqual([4096, body.length])
  })

  it.each([
    ['one byte more than promised', Buffer.concat([body, Buffer.from('x')]), 'is larger than the'],
    ['fewer bytes', body.subarray(0, 5000), `ended after 5000 of ${body.length} bytes`],
    ['other bytes of the same size', Buffer.alloc(body.length, 7), 'does not match its published checksum']
  ])('refuses %s and keeps nothing', async (_what, sent, why) => {
    const dir = mkdtempSync(join(tmpdir(), 'jq-verify-'))
    const saving = saveVerified(chunks(sent), join(dir, 'Setup.exe'), expected)
    await expect(saving).rejects.toThrow(UpdateError)
    await expect(saving).rejects.toThrow(why)
    expect(existsSync(join(dir, 'Setup.exe'))).toBe(false)
    expect(readdirSync(dir)).toEqual([])
  })
})
