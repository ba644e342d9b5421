import { open, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { LOG_FILE } from '../log'

const rotated = /^main\.(\d+)\.log$/

/** The log files in `dir`, newest first: main.log, main.1.log, main.2.log … (none when the folder is missing). */
export async function logFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((): string[] => [])
  const age = (name: string): number => (name === LOG_FILE ? 0 : Number(rotated.exec(name)?.[1] ?? Number.NaN))
  return names
    .filter((n) => !Number.isNaN(age(n)))
    .sort((a, b) => age(a) - age(b))
    .map((n) => join(dir, n))
}

/** How much of each file's end is read for the last lines: the report stays small whatever the log's size. */
const TAIL_BYTES = 512 * 1024

/** The last `count` lines over the files (newest first), oldest line first. */
export async function lastLines(files: string[], count: number): Promise<string[]> {
  const lines: string[] = []
  for (const file of files) {
    if (lines.length >= count) break
    lines.unshift(...(await tailOf(file)))
  }
  return lines.slice(-count)
}

async function tailOf(file: string): Promise<string[]> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch {
    return [] // rotated away since it was listed
  }
  try {
    const { size } = await handle.stat()
    const start = Math.max(0, size - TAIL_BYTES)
    const buffer = Buffer.alloc(size - start)
    await handle.read(buffer, 0, buffer.length, start)
    const lines = buffer.toString('utf8').split(/\r?\n/)
    if (start > 0) lines.shift() // cut in the middle
    if (lines.at(-1) === '') lines.pop()
    return lines
  } finally {
    await handle.close()
  }
}
