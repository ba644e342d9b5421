import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSandbox, textImportBody, type TestSandbox } from './helpers/sandbox-fixture'
import { until } from '../../helpers/until'

let t: TestSandbox | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

describe('sandbox: uploads', () => {
  it('refuses a file over the per-file limit with 413 and a clear message, and keeps nothing of it', async () => {
    t = await openSandbox({ uploadLimitBytes: 1000 })
    const form = new FormData()
    form.append('file', new Blob([Buffer.alloc(256 * 1024, 1)]), 'big.bin')
    const res = await t.as('writer').post('files', { body: form })
    expect(res.statusCode).toBe(413)
    expect(res.body).toContain('upload limit of 1000 bytes')
    expect(res.body).toContain('big.bin')
    expect(readdirSync(join(t.dataDir, 'uploads'))).toEqual([])
    const small = new FormData()
    small.append('file', new Blob([Buffer.alloc(1000, 1)]), 'ok.bin')
    expect((await t.as('writer').post('files', { body: small })).statusCode).toBe(200)
  })

  it('refuses a request that is not multipart with 415', async () => {
    t = await openSandbox()
    expect(
      (await t.as('writer').post('files', { body: 'x', headers: { 'content-type': 'text/plain' } })).statusCode
    ).toBe(415)
  })

  it('deletes uploads that no job used within the expiry time', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z')
    t = await openSandbox({ clock: () => new Date(now), uploadExpiryMs: 100 })
    const body = await textImportBody(t, 'writer')
    expect(readdirSync(join(t.dataDir, 'uploads'))).toHaveLength(2)
    now += 1000
    const uploads = join(t.dataDir, 'uploads')
    await until(() => readdirSync(uploads).length === 0, 'expired uploads to be removed')
    const res = await t.as('writer').post('jobs', { json: body })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('upload it again')
  })
})
