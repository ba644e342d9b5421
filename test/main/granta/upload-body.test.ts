import { appendFile, open, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fakeApi, tempDir, until } from './helpers'

/**
 * The upload's multipart body against a server that reads it byte for byte: the header FormData would write,
 * the length announced up front, and a file that changes while it is sent stopped before the body completes.
 */
async function receiving() {
  let received = Buffer.alloc(0)
  let ended = false
  const api = await fakeApi((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received = Buffer.concat(chunks)
      ended = true
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('file-id')
    })
  })
  return { ...api, received: () => received, ended: () => ended }
}

describe('the upload body', () => {
  it('escapes quotes in the file name as the HTML standard does, and sends exactly the announced length', async () => {
    const api = await receiving()
    try {
      const path = join(tempDir(), 'report "final".txt')
      await writeFile(path, 'specimen data\n')
      expect(await api.client.uploadFile(path)).toBe('file-id')
      const text = api.received().toString('utf8')
      expect(text).toContain('Content-Disposition: form-data; name="file"; filename="report %22final%22.txt"\r\n')
      expect(text).toContain('\r\n\r\nspecimen data\n\r\n--')
      const boundary = /^--(\S+)\r\n/.exec(text)?.[1]
      expect(text.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true)
    } finally {
      await api.close()
    }
  })

  it('fails with a Conflict when the file grows while it is sent, and never completes the body', async () => {
    let arrived = 0
    let release = () => {}
    const released = new Promise<void>((r) => (release = r))
    const api = await fakeApi((req) => {
      req.on('data', (c: Buffer) => {
        arrived += c.length
        // Hold the body back until the file has grown, then read on.
        req.pause()
        void released.then(() => req.resume())
      })
    })
    try {
      const path = join(tempDir(), 'growing.bin')
      const fh = await open(path, 'w')
      await fh.truncate(32 * 1024 * 1024)
      await fh.close()
      const upload = api.client.uploadFile(path)
      await until(() => arrived > 0, 'the first bytes to arrive')
      await appendFile(path, 'more lines written meanwhile')
      release()
      const error = await upload.then(
        () => null,
        (e: unknown) => e as { code?: string; message?: string }
      )
      expect(error?.code).toBe('Conflict')
      expect(error?.message).toContain('"growing.bin" changed while it was being sent')
      expect(arrived).toBeLessThan(32 * 1024 * 1024 + 200)
    } finally {
      await api.close()
    }
  })

  it('fails with a Conflict when the file is written to (same size) while it is sent', async () => {
    let arrived = 0
    let release = () => {}
    const released = new Promise<void>((r) => (release = r))
    const slow = await fakeApi((req) => {
      req.on('data', (c: Buffer) => {
        arrived += c.length
        req.pause()
        void released.then(() => req.resume())
      })
    })
    try {
      const path = join(tempDir(), 'edited.bin')
      const fh = await open(path, 'w')
      await fh.truncate(16 * 1024 * 1024)
      await fh.close()
      // Dated in the past: the edit below moves the modification time even where the clock is coarse.
      await utimes(path, new Date(2026, 0, 1), new Date(2026, 0, 1))
      const upload = slow.client.uploadFile(path)
      await until(() => arrived > 0, 'the first bytes to arrive')
      const edit = await open(path, 'r+')
      await edit.write('edited', 0)
      await edit.close()
      release()
      await expect(upload).rejects.toMatchObject({ code: 'Conflict' })
    } finally {
      await slow.close()
    }
  })
})
