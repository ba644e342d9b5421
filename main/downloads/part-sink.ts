import { Writable } from 'node:stream'
import type { PartWriter } from './file-ops'

/** Bytes gathered before a write: one syscall and one thread-pool hop per 512 KiB instead of per 64 KiB chunk. */
const WRITE_AT = 512 * 1024
/** Fewer bytes are written after this long, so a slow or stalled transfer still shows its progress. */
const WRITE_AFTER_MS = 100

/**
 * A Writable over a PartWriter. It waits for the bandwidth budget when there is a limit (`pace`), gathers
 * chunks into large vectored writes made one after another, and counts only what reached the file (`onWritten`).
 */
export function partSink(
  writer: PartWriter,
  onWritten: (bytes: number) => void,
  pace?: (bytes: number) => Promise<void> | undefined
): Writable {
  let held: Buffer[] = []
  let heldBytes = 0
  let writes: Promise<void> = Promise.resolve()
  let failure: Error | undefined
  let timer: NodeJS.Timeout | undefined

  const flush = (): Promise<void> => {
    clearTimeout(timer)
    timer = undefined
    if (heldBytes > 0) {
      const buffers = held
      const bytes = heldBytes
      held = []
      heldBytes = 0
      writes = writes.then(async () => {
        await writer.write(buffers)
        onWritten(bytes)
      })
      writes.catch((e: unknown) => (failure ??= e as Error))
    }
    return writes
  }

  return new Writable({
    highWaterMark: 1024 * 1024,
    writev(chunks, done) {
      const buffers = chunks.map((c) => c.chunk as Buffer)
      const bytes = buffers.reduce((n, b) => n + b.length, 0)
      const store = () => {
        if (failure) return done(failure)
        held.push(...buffers)
        heldBytes += bytes
        if (heldBytes >= WRITE_AT) return void flush().then(() => done(), done)
        timer ??= setTimeout(() => void flush(), WRITE_AFTER_MS).unref()
        done()
      }
      const waiting = pace?.(bytes)
      if (waiting) waiting.then(store, done)
      else store()
    },
    final(done) {
      flush().then(() => done(), done)
    },
    destroy(error, done) {
      clearTimeout(timer)
      done(error)
    }
  })
}
