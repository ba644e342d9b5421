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
    const path = await sparseFile('growing.bin', 32 * 1024 * 1024)
    const error = await changedWhileSent(path, () => appendFile(path, 'more lines written meanwhile'))
    expect(error.code).toBe('Conflict')
    expect(error.message).toContain('"growing.bin" changed while it was being sent')
    expect(error.arrived).toBeLessThan(32 * 1024 * 1024 + 200)
  })

  it('fails with a Conflict when the file is written to (same size) while it is sent', async () => {
    const path = await sparseFile('edited.bin', 16 * 1024 * 1024)
    // Dated in the past: the edit moves the modification time even where the clock is coarse.
    await utimes(path, new Date(2026, 0, 1), new Date(2026, 0, 1))
    const error = await changedWhileSent(path, async () => {
      const edit = await open(path, 'r+')
      await edit.write('edited', 0)
      await edit.close()
    })
    expect(error.code).toBe('Conflict')
  })
})

async function sparseFile(name: string, size: number): Promise<string> {
  const path = join(tempDir(), name)
  const fh = await open(path, 'w')
  await fh.truncate(size)
  await fh.close()
  return path
}

/**
 * Uploads `path` to a server that holds the body back once the first bytes are in, changes the file meanwhile,
 * then lets the server read on. Returns how the upload failed, and how many bytes reached the server.
 */
async function changedWhileSent(path: string, change: () => Promise<void>) {
  let arrived = 0
  let release = () => {}
  const released = new Promise<void>((r) => (release = r))
  const api = await fakeApi((req) => {
    req.on('data', (c: Buffer) => {
      arrived += c.length
      req.pause()
      void released.then(() => req.resume())
    })
  })
  try {
    const upload = api.client.uploadFile(path)
    await until(() => arrived > 0, 'the first bytes to arrive')
    await change()
    release()
    const error = await upload.then(
      () => ({ code: 'none', message: 'the upload succeeded' }),
      (e: unknown) => e as { code: string; message: string }
    )
    return { code: error.code, message: error.message, arrived }
  } finally {
    await api.close()
  }
}
