import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type ExcelJS from 'exceljs'
import yazl from 'yazl'

/** A scratch folder inside the output folder (same disk, so results can be renamed into place). */
export async function makeScratchDir(outputDir: string): Promise<string> {
  const dir = join(outputDir, `.work-${randomUUID()}`)
  await mkdir(dir, { recursive: true })
  return dir
}

export async function removeScratchDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

export async function writeWorkbook(workbook: ExcelJS.Workbook, path: string): Promise<void> {
  await workbook.xlsx.writeFile(path)
}

/** Streams the entries into a zip beside `target`, then renames it into place. */
export async function writeZip(target: string, entries: { name: string; diskPath: string }[]): Promise<void> {
  const zip = new yazl.ZipFile()
  for (const entry of entries) zip.addFile(entry.diskPath, entry.name)
  zip.end()
  const temp = `${target}.tmp-${randomUUID()}`
  try {
    await pipeline(zip.outputStream, createWriteStream(temp))
    await rename(temp, target)
  } catch (e) {
    await rm(temp, { force: true })
    throw e
  }
}

/** "name.xlsx", then "name (2).xlsx" ...: unique names within one zip or folder. */
export function uniqueName(wanted: string, taken: Set<string>): string {
  const dot = wanted.lastIndexOf('.')
  const stem = dot > 0 ? wanted.slice(0, dot) : wanted
  const ext = dot > 0 ? wanted.slice(dot) : ''
  let candidate = wanted
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`
  taken.add(candidate.toLowerCase())
  return candidate
}
