import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import reviewed from './reviewed.json' with { type: 'json' }

/** One shipped third-party package and its licence, as written to the notices file. */
export interface PackageNotice {
  name: string
  version: string
  license: string
  /** The package's own licence file; null when it ships none (the notice then quotes package.json only). */
  text: string | null
  /** Why it ships: a runtime dependency (packed in node_modules) and/or bundled by Vite into a target. */
  shippedAs: string[]
  /** Set when the licence was read by a person because package.json does not name an SPDX licence. */
  reviewed?: string
}

/** Licences settled by hand (scripts/notices/reviewed.json), keyed by name@version, each with its reason. */
export type Reviewed = Record<string, { license: string; reason: string }>

/** SPDX identifiers whose terms allow shipping in a closed desktop app with a notice. */
export const ALLOWED_LICENSES = [
  '0BSD',
  'Apache-2.0',
  'BlueOak-1.0.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'CC0-1.0',
  'CC-BY-3.0',
  'CC-BY-4.0',
  'ISC',
  'MIT',
  'MIT-0',
  'Python-2.0',
  'Unlicense',
  'Zlib'
] as const

interface Manifest {
  name?: string
  version?: string
  license?: string | { type?: string }
  licenses?: { type?: string }[]
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest

function licenseOf(m: Manifest): string {
  if (typeof m.license === 'string') return m.license
  if (m.license?.type) return m.license.type
  const types = (m.licenses ?? []).map((l) => l.type).filter(Boolean)
  return types.length ? `(${types.join(' OR ')})` : 'UNKNOWN'
}

/** True when an SPDX expression is satisfiable with allowed licences only (OR: one side; AND: both sides). */
export function isAllowedLicense(expression: string, allowed: readonly string[] = ALLOWED_LICENSES): boolean {
  const bare = expression.trim().replace(/^\((.*)\)$/, '$1')
  if (/ OR /i.test(bare)) return bare.split(/ OR /i).some((p) => isAllowedLicense(p, allowed))
  if (/ AND /i.test(bare)) return bare.split(/ AND /i).every((p) => isAllowedLicense(p, allowed))
  return allowed.includes(bare)
}

function licenseText(dir: string): string | null {
  const file = readdirSync(dir)
    .filter((f) => /^(licen[cs]e|copying)([.\-_].*)?$/i.test(f))
    .sort()[0]
  return file ? readFileSync(join(dir, file), 'utf8') : null
}

/** Node's lookup: the nearest node_modules/<name> from `from` up to the filesystem root. */
function resolvePackageDir(name: string, from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate)
    if (dirname(dir) === dir) return null
  }
}

/** The package folder a bundled module id lives in (`…/node_modules/@scope/name/…`), or null for own code. */
export function packageDirOfModule(id: string): string | null {
  const path = id.replace(/^\0/, '').split('?')[0] ?? ''
  const marker = `${sep}node_modules${sep}`
  const at = path.lastIndexOf(marker)
  if (at < 0) return null
  const rest = path.slice(at + marker.length).split(sep)
  const parts = rest[0]?.startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1)
  return path.slice(0, at + marker.length) + parts.join(sep)
}

/** Every package reached from the project's `dependencies`, transitively: what electron-builder packs. */
export function runtimePackageDirs(root: string): string[] {
  const seen = new Set<string>()
  const visit = (fromDir: string, deps: Record<string, string>, optional: Set<string>): void => {
    for (const name of Object.keys(deps)) {
      const dir = resolvePackageDir(name, fromDir)
      if (!dir) {
        if (optional.has(name)) continue
        throw new Error(`runtime dependency ${name} is not installed (needed by ${fromDir})`)
      }
      if (seen.has(dir)) continue
      seen.add(dir)
      const m = readManifest(dir)
      const opt = m.optionalDependencies ?? {}
      visit(dir, { ...m.dependencies, ...opt }, new Set(Object.keys(opt)))
    }
  }
  const top = readManifest(root)
  const optional = top.optionalDependencies ?? {}
  visit(root, { ...top.dependencies, ...optional }, new Set(Object.keys(optional)))
  return [...seen]
}

/** Nearest folder holding a package.json with a name (some packages nest package.json files without one). */
function manifestDir(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json')) && readManifest(d).name) return d
    if (dirname(d) === d) return dir
  }
}

/** Notices for the runtime dependencies and for the packages each Vite target bundled. */
export function collectNotices(
  root: string,
  bundled: Record<string, Iterable<string>>,
  settled: Reviewed = reviewed
): PackageNotice[] {
  const byKey = new Map<string, PackageNotice>()
  const add = (dir: string, why: string): void => {
    const m = readManifest(dir)
    const name = m.name ?? dir
    const version = m.version ?? ''
    const found = byKey.get(`${name}@${version}`)
    if (found) {
      if (!found.shippedAs.includes(why)) found.shippedAs.push(why)
      return
    }
    const review = settled[`${name}@${version}`]
    byKey.set(`${name}@${version}`, {
      name,
      version,
      license: review?.license ?? licenseOf(m),
      text: licenseText(dir),
      shippedAs: [why],
      ...(review ? { reviewed: review.reason } : {})
    })
  }
  for (const dir of runtimePackageDirs(root)) add(dir, 'runtime')
  for (const [target, ids] of Object.entries(bundled))
    for (const id of ids) {
      const dir = packageDirOfModule(id)
      if (dir && existsSync(join(dir, 'package.json'))) add(manifestDir(realpathSync(dir)), `bundled:${target}`)
    }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
}

/** Problems that must stop a release: a licence outside the allow-list. */
export function licenseProblems(notices: PackageNotice[], allowed: readonly string[] = ALLOWED_LICENSES): string[] {
  return notices
    .filter((n) => !isAllowedLicense(n.license, allowed))
    .map((n) => `${n.name}@${n.version}: licence "${n.license}" is not on the allow-list`)
}

/** The plain-text form, for people reading the file outside the app. */
export function noticesText(notices: PackageNotice[]): string {
  const head = 'JobQueue Desktop ships the following third-party software.\n'
  return (
    head +
    notices
      .map(
        (n) =>
          `\n${'='.repeat(78)}\n${n.name} ${n.version} (${n.license})\n${'='.repeat(78)}\n` +
          (n.text ?? `No licence file is shipped with this package; its package.json declares ${n.license}.\n`)
      )
      .join('')
  )
}
