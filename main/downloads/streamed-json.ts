import { close, fsync, openSync, writeSync } from 'node:fs'
import { rename, unlink } from 'node:fs/promises'
import { promisify } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'

/** Text is handed to the file in pieces about this large. */
const CHUNK_CHARS = 1024 * 1024
const fsyncAsync = promisify(fsync)
const closeAsync = promisify(close)
/** Antivirus and indexers hold new files briefly on Windows: these errors are retried a few times (as JsonFile does). */
const TRANSIENT = new Set(['EPERM', 'EBUSY'])
const RETRY_DELAYS_MS = [20, 50, 100, 200, 400]

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol'

/**
 * `JSON.stringify(value, null, 2)`, piece by piece: arrays and plain objects down to `depth` levels are walked,
 * what lies below is stringified one value at a time. The pieces joined are exactly the one string, without it
 * ever being whole in memory (a queue of 50,000 items is about 40 MB of text).
 */
export function* prettyJsonChunks(value: unknown, depth: number, indent = ''): Generator<string> {
  const inner = indent + '  '
  if (depth > 0 && Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]'
      return
    }
    for (let i = 0; i < value.length; i++) {
      yield (i === 0 ? '[\n' : ',\n') + inner
      const v: unknown = value[i]
      yield* prettyJsonChunks(skipped(v) ? null : v, depth - 1, inner)
    }
    yield `\n${indent}]`
    return
  }
  if (depth > 0 && isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => !skipped(value[k]))
    if (keys.length === 0) {
      yield '{}'
      return
    }
    for (const [i, k] of keys.entries()) {
      yield `${i === 0 ? '{\n' : ',\n'}${inner}${JSON.stringify(k)}: `
      yield* prettyJsonChunks(value[k], depth - 1, inner)
    }
    yield `\n${indent}}`
    return
  }
  // Newlines in JSON.stringify's output are all its own (those inside strings are escaped).
  yield (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`)
}

/**
 * Writes `pieces` to `file` atomically, as write-file-atomic does: a temp file beside it, fsync, rename. The pieces
 * are drawn and written synchronously, within the call, so the file holds the state of the moment of the call, as
 * one JSON.stringify would; only about CHUNK_CHARS of text is held at a time. fsync and rename are awaited.
 */
export async function writeFileStreamed(file: string, pieces: Iterable<string>): Promise<void> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`
  try {
    const fd = openSync(temp, 'w')
    try {
      let pending = ''
      for (const piece of pieces) {
        pending += piece
        if (pending.length >= CHUNK_CHARS) {
          writeSync(fd, pending)
          pending = ''
        }
      }
      if (pending.length > 0) writeSync(fd, pending)
      await fsyncAsync(fd)
    } finally {
      await closeAsync(fd)
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await rename(temp, file)
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? ''
        if (!TRANSIENT.has(code) || attempt >= RETRY_DELAYS_MS.length) throw e
        await sleep(RETRY_DELAYS_MS[attempt])
      }
    }
  } catch (e) {
    await unlink(temp).catch(() => {})
    throw e
  }
}
