import path from 'node:path'
import { collisionKey, isInside } from './sanitize'

/** Names in one folder by their case-folded key; several only where the file system tells case apart. */
type Listing = Map<string, string[]>

/**
 * What is on disk under a batch's destination, read once per folder and kept for one planning pass: each folder
 * is listed at most once, on first use, and indexed by `collisionKey` (names equal but for case are the same
 * file on Windows). Below `root`, a folder its parent's listing does not hold is known to be empty without a read.
 */
export class FolderIndex {
  private readonly folders = new Map<string, Promise<Listing>>()

  constructor(
    private readonly list: (dir: string) => Promise<string[]>,
    /** The batch's destination: folders inside it are looked up in their parent first. */
    private readonly root?: string
  ) {}

  /** The names in `dir` equal to `name` but for case, as listed. */
  async matches(dir: string, name: string): Promise<readonly string[]> {
    return (await this.folder(dir)).get(collisionKey(name)) ?? []
  }

  /** Whether `dir` holds a name equal to `name` but for case. */
  async has(dir: string, name: string): Promise<boolean> {
    return (await this.matches(dir, name)).length > 0
  }

  private folder(dir: string): Promise<Listing> {
    let listing = this.folders.get(dir)
    if (!listing) {
      listing = this.read(dir)
      this.folders.set(dir, listing)
    }
    return listing
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
