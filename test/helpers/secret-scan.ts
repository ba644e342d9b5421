import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** What to look for: literal secrets, and patterns (an NTLM or Negotiate token in a header, say). */
export interface Secrets {
  literals: string[]
  patterns?: RegExp[]
  /** Binary secrets (a ticket's bytes), looked for byte for byte in the files. */
  raw?: Buffer[]
}

/** Each secret as it might be written: as is, base64 (Basic), hex, and UTF-16LE (Windows strings). */
function forms(secret: string): string[] {
  return [
    secret,
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('hex'),
    Buffer.from(secret, 'utf16le').toString('latin1')
  ]
}

/**
 * The files under `dir` now. The app may still be running: a file it renames away meanwhile (an atomic write's
 * temporary file) is left out, as its bytes are in the file it became.
 */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile() === true)
}

/** A file's bytes as latin1 text, or nothing when it was renamed away since it was listed. */
function readIfThere(file: string): [string, string][] {
  try {
    return [[file, readFileSync(file).toString('latin1')]]
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
}

/** Every place (a file under the folders, or one of the texts) that holds a secret, as `where: what`. */
export function findSecrets(where: { dirs: string[]; texts: Record<string, string> }, secrets: Secrets): string[] {
  const places: [string, string][] = [
    ...where.dirs.flatMap((d) => filesUnder(d).flatMap(readIfThere)),
    ...Object.entries(where.texts)
  ]
  const hits: string[] = []
  for (const [name, text] of places) {
    for (const s of secrets.literals)
      for (const f of forms(s)) if (text.includes(f)) hits.push(`${name}: ${JSON.stringify(f.slice(0, 40))}`)
    for (const p of secrets.patterns ?? []) if (p.test(text)) hits.push(`${name}: ${p.source}`)
    for (const r of secrets.raw ?? []) if (text.includes(r.toString('latin1'))) hits.push(`${name}: raw bytes`)
  }
  return hits
}

/** Every file under a folder (recursively) whose bytes hold the secret in any of its forms; and how many were read. */
export function filesContaining(dir: string, secret: string): { files: number; hits: string[] } {
  const files = filesUnder(dir)
  const hits = findSecrets({ dirs: [dir], texts: {} }, { literals: [secret] }).map((h) => h.slice(0, h.indexOf(': ')))
  return { files: files.length, hits: [...new Set(hits)] }
}
