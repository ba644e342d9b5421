import { Writable } from 'node:stream'
import type { PartWriter } from './file-ops'

/** Bytes gathered before a write: one syscall and one thread-pool hop per 512 KiB instead of per 64 KiB chunk. */
const WRITE_AT = 512 * 1024

/**
 * A Writable over a PartWriter. It waits for the bandwidth budget when there is a limit (`pace`), gathers
 * chunks into large vectored writes, and counts only what reached the file (`onWritten`).
 */
export function partSink(
  writer: PartWriter,
  onWritten: (bytes: number) => void,
  pace?: (bytes: number) => Promise<void> | undefined
): Writable {
  let held: Buffer[] = []
  let heldBytes = 0
  const flush = async (): Promise<void> => {
    const buffers = held
    const bytes = heldBytes
    held = []
    heldBytes = 0
    await writer.write(buffers)
    onWritten(bytes)
  }
  const hold = (buffers: Buffer[], bytes: number): Promise<void> | undefined => {
    held.push(...buffers)
    heldBytes += bytes
    return heldBytes >= WRITE_AT ? flush() : undefined
  }
  return new Writable({
    highWaterMark: 1024 * 1024,
    writev(chunks, done) {
      const buffers = chunks.map((c) => c.chunk as Buffer)
      const bytes = buffers.reduce((n, b) => n + b.length, 0)
      const fail = (e: unknown) => done(e as Error)
      const store = () => {
        const writing = hold(buffers, bytes)
        if (writing) writing.then(() => done(), fail)
        else done()
      }
      const waiting = pace?.(bytes)
      if (waiting) waiting.then(store, fail)
      else store()
    },
    final(done) {
      if (heldBytes === 0) return done()
      flush().then(() => done(), (e: unknown) => done(e as Error))
    }
  })
}
