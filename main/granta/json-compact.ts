const QUOTE = 0x22
const BACKSLASH = 0x5c

/**
 * Drops JSON's insignificant whitespace (outside strings) from a body fed chunk by chunk, so a body padded with
 * whitespace costs no memory. JSON.parse reads the result exactly as it would the original. Works on bytes: UTF-8
 * never puts `"` or `\` inside a multi-byte character.
 */
export class JsonCompactor {
  private inString = false
  private escaped = false

  /** Writes `chunk` compacted into `into` from `at` (room for all of `chunk` needed); returns the new end. */
  compactInto(chunk: Buffer, into: Buffer, at: number): number {
    let inString = this.inString
    let escaped = this.escaped
    let out = at
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] ?? 0
      if (inString) {
        if (escaped) escaped = false
        else if (b === BACKSLASH) escaped = true
        else if (b === QUOTE) inString = false
      } else if (b === QUOTE) inString = true
      else if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue
      into[out++] = b
    }
    this.inString = inString
    this.escaped = escaped
    return out
  }

  /** `chunk` compacted, in place (the caller owns it). */
  compact(chunk: Buffer): Buffer {
    return chunk.subarray(0, this.compactInto(chunk, chunk, 0))
  }
}
