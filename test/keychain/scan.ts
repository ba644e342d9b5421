import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Every file under a folder (recursively) whose bytes contain the secret as UTF-8, UTF-16LE or base64. */
export async function filesContaining(dir: string, secret: string): Promise<{ files: number; hits: string[] }> {
  const needles = [
    Buffer.from(secret, 'utf8'),
    Buffer.from(secret, 'utf16le'),
    Buffer.from(Buffer.from(secret).toString('base64'))
  ]
  const hits: string[] = []
  let files = 0
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    files++
    const path = join(entry.parentPath, entry.name)
    const bytes = await readFile(path)
    if (needles.some((n) => bytes.includes(n))) hits.push(path)
  }
  return { files, hits }
}
