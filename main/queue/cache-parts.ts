/** How many parts a cached queue is split into. */
export const queueParts = 16

/** The part a job's id falls in (FNV-1a, so the same id always lands in the same part). */
export function partOf(id: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % queueParts
}
