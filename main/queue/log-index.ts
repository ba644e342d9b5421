import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { LogMatches } from '../../common/queue'

export type LogLevel = 'error' | 'warn' | 'info'

/** Where each line of a log file starts, and which lines are errors or warnings: built in one streaming pass. */
export interface LogIndex {
  path: string
  bytes: number
  /** Byte offset of line i; one extra entry at the end holds the file size. */
  offsets: Float64Array
  lineCount: number
  errorLines: number[]
  warnLines: number[]
}

const errorWord = /\bERROR\b/
const warnWord = /\bWARN(?:ING)?\b/

export function levelOf(line: string): LogLevel {
  if (errorWord.test(line)) return 'error'
  if (warnWord.test(line)) return 'warn'
  return 'info'
}

export async function buildLogIndex(path: string): Promise<LogIndex> {
  let offsets = new Float64Array(1024)
  let count = 0
  let position = 0
  const errorLines: number[] = []
  const warnLines: number[] = []
  let pending = ''
  const push = (offset: number) => {
    if (count === offsets.length) {
      const bigger = new Float64Array(offsets.length * 2)
      bigger.set(offsets)
      offsets = bigger
    }
    offsets[count++] = offset
  }
  const classify = (line: string, index: number) => {
    const level = levelOf(line)
    if (level === 'error') errorLines.push(index)
    else if (level === 'warn') warnLines.push(index)
  }
  push(0)
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer
    let start = 0
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) {
      pending += buf.toString('utf8', start, i)
      classify(pending, count - 1)
      pending = ''
      start = i + 1
      push(position + start)
    }
    // Only the start of a long line matters for its level: keep at most 4 KiB of it.
    if (pending.length < 4096) pending += buf.toString('utf8', start, Math.min(buf.length, start + 4096))
    position += buf.length
  }
  let lineCount = count
  if (offsets[count - 1] === position) lineCount = count - 1
  else classify(pending, count - 1)
  const final = new Float64Array(lineCount + 1)
  final.set(offsets.subarray(0, lineCount))
  final[lineCount] = position
  return { path, bytes: position, offsets: final, lineCount, errorLines, warnLines }
}

/** A line is shown up to this many bytes (a server can send a 1 GB line); the rest is cut, marked with " …". */
export const MAX_LINE_BYTES = 64 * 1024

function capLine(line: string): string {
  const l = line.endsWith('\r') ? line.slice(0, -1) : line
  if (l.length * 3 <= MAX_LINE_BYTES || Buffer.byteLength(l) <= MAX_LINE_BYTES) return l
  return Buffer.from(l).subarray(0, MAX_LINE_BYTES).toString('utf8') + ' …'
}

/** Reads lines [start, start + count) using the index, without reading the rest of the file; long lines are cut. */
export async function readLines(index: LogIndex, start: number, count: number): Promise<string[]> {
  const first = Math.max(0, Math.min(start, index.lineCount))
  const last = Math.max(first, Math.min(index.lineCount, first + count))
  if (last === first) return []
  const from = index.offsets[first] ?? 0
  const to = index.offsets[last] ?? index.bytes
  const handle = await open(index.path, 'r')
  try {
    if (to - from > (last - first) * MAX_LINE_BYTES) {
      // Some line is huge: read each line's first bytes only.
      const out: string[] = []
      for (let i = first; i < last; i++) {
        const s = index.offsets[i] ?? 0
        const e = index.offsets[i + 1] ?? index.bytes
        const buf = Buffer.alloc(Math.min(e - s, MAX_LINE_BYTES + 1))
        await handle.read(buf, 0, buf.length, s)
        out.push(capLine(buf.toString('utf8').replace(/\n$/, '')))
      }
      return out
    }
    const buf = Buffer.alloc(to - from)
    await handle.read(buf, 0, buf.length, from)
    const lines = buf.toString('utf8').split('\n')
    if (lines.length > last - first) lines.length = last - first
    return lines.map(capLine)
  } finally {
    await handle.close()
  }
}

/** Every match of `text` in the log, case-insensitive, read in blocks of lines (a line's shown part only). */
export async function findMatches(index: LogIndex, text: string, maxLines = 10_000): Promise<LogMatches> {
  const needle = text.toLowerCase()
  const block = 4096
  const hits: LogMatches['hits'] = []
  let total = 0
  let truncated = false
  for (let start = 0; start < index.lineCount; start += block) {
    const lines = await readLines(index, start, block)
    for (const [i, l] of lines.entries()) {
      const count = occurrences(l.toLowerCase(), needle)
      if (count === 0) continue
      total += count
      if (hits.length < maxLines) hits.push({ line: start + i, count })
      else truncated = true
    }
  }
  return { hits, total, truncated }
}

function occurrences(haystack: string, needle: string): number {
  let n = 0
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++
  return n
}
