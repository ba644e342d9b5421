import path from 'node:path'
import { collisionKey, isInside } from './sanitize'

/** Names in one folder by their case-folded key; several only where the file system tells case apart. */
type Listing = Map<string, string[]>

/** How long a listing may be reused, and the clock it is measured with. */
export interface Freshness {
  maxAgeMs: number
  now: () => number
}

/** Folders kept before the ones past their age are dropped. */
const KEPT = 256

/**
 * What is on disk under a batch's destination, each folder listed once and indexed by `collisionKey` (names
 * equal but for case are the same file on Windows). Below `root`, a folder its parent's listing does not hold is
 * known to be empty without a read. Without `fresh` a folder is listed at most once (one planning pass); with it,
 * again once its listing is older than `fresh.maxAgeMs`.
 */
export class FolderIndex {
  private readonly folders = new Map<string, { at: number; listing: Promise<Listing> }>()

  constructor(
    private readonly list: (dir: string) => Promise<string[]>,
    /** The batch's destination: folders inside it are looked up in their parent first. */
    private readonly root?: string,
    private readonly fresh?: Freshness
  ) {}

  /** The names in `dir` equal to `name` but for case, as listed. */
  async matches(dir: string, name: string): Promise<readonly string[]> {
    return (await this.folder(dir)).get(collisionKey(name)) ?? []
  }

  /** Whether `dir` holds a name equal to `name` but for case. */
  async has(dir: string, name: string): Promise<boolean> {
    return (await this.matches(dir, name)).length > 0
  }

  /** Adds a name the app itself just put in `dir` to its listing, when that folder is held. */
  async add(dir: string, name: string): Promise<void> {
    const held = this.folders.get(dir)
    if (!held) return
    const listing = await held.listing
    const key = collisionKey(name)
    const same = listing.get(key)
    if (!same) listing.set(key, [name])
    else if (!same.includes(name)) same.push(name)
  }

  private folder(dir: string): Promise<Listing> {
    const now = this.fresh?.now() ?? 0
    const held = this.folders.get(dir)
    if (held && (!this.fresh || now - held.at < this.fresh.maxAgeMs)) return held.listing
    if (this.fresh && this.folders.size >= KEPT) this.dropOlderThan(now - this.fresh.maxAgeMs)
    const listing = this.read(dir)
    this.folders.set(dir, { at: now, listing })
    return listing
  }

  private dropOlderThan(at: number): void {
    for (const [dir, held] of this.folders) if (held.at <= at) this.folders.delete(dir)
  }

  private async read(dir: string): Promise<Listing> {
    const parent = path.dirname(dir)
    if (this.root !== undefined && parent !== dir && isInside(this.root, dir)) {
      if (!(await this.has(parent, path.basename(dir)))) return new Map()
    }
    const listing: Listing = new Map()
    for (const name of await this.list(dir)) {
      const key = collisionKey(name)
      const same = listing.get(key)
      if (same) same.push(name)
      else listing.set(key, [name])
    }
    return listing
  }
}
