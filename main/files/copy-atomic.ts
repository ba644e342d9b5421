import { randomUUID } from 'node:crypto'
import { copyFile, open, rename, rm } from 'node:fs/promises'
import { diskError } from './disk-error'

/**
 * Copies a file to a user's path atomically: beside the target first (the system copies it, no buffer here),
 * flushed to disk, then renamed over it. A failure leaves the target as it was.
 */
export async function copyFileAtomic(source: string, target: string): Promise<void> {
  const temp = `${target}.${randomUUID().slice(0, 8)}.tmp`
  try {
    await copyFile(source, temp)
    const handle = await open(temp, 'r+')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, target)
  } catch (e) {
    await rm(temp, { force: true })
    throw diskError(e, target, 'write')
  }
}
