import path from 'node:path'
import { collisionKey, splitExtension } from './sanitize'

/** `report.xlsx` → `report (2).xlsx`. */
export function numberedName(fileName: string, n: number): string {
  const { stem, ext } = splitExtension(fileName)
  return `${stem} (${n})${ext}`
}

/**
 * Target paths already given out, by `collisionKey` (case-folded, as Windows compares names). Numbering a
 * path again starts where it stopped last time: keys are only ever added, so every smaller number is still taken.
 */
export class ClaimedNames {
  private readonly keys = new Set<string>()
  private readonly nextNumber = new Map<string, number>()

  constructor(paths: Iterable<string> = []) {
    for (const p of paths) this.keys.add(collisionKey(p))
  }

  has(target: string): boolean {
    return this.keys.has(collisionKey(target))
  }

  /** Claims `target`, or when it is held the first free `name (n).ext` beside it; returns the path claimed. */
  claimFree(target: string): string {
    const key = collisionKey(target)
    if (!this.keys.has(key)) {
      this.keys.add(key)
      return target
    }
    const dir = path.dirname(target)
    const base = path.basename(target)
    let n = this.nextNumber.get(key) ?? 2
    let candidate = path.join(dir, numberedName(base, n))
    while (this.has(candidate)) candidate = path.join(dir, numberedName(base, ++n))
    this.nextNumber.set(key, n + 1)
    this.keys.add(collisionKey(candidate))
    return candidate
  }
}
