import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { OutputFile } from './job-model'

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

/** Size, content hash (the download's strong ETag) and modification time of each output file. */
export async function describeOutputs(dir: string, names: string[]): Promise<OutputFile[]> {
  const out: OutputFile[] = []
  for (const name of names) {
    const path = join(dir, name)
    const info = await stat(path)
    out.push({ name, size: info.size, sha256: await sha256(path), modified: info.mtime.toISOString() })
  }
  return out
}
