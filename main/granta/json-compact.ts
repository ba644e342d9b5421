const QUOTE = 0x22
const BACKSLASH = 0x5c

/**
 * Drops JSON's insignificant whitespace (outside strings) from a body fed chunk by chunk, so a body padded with
 * whitespace costs no memory. JSON.parse reads the result exactly as it would the original. Works on bytes: UTF-8
 * never puts `"` or `\` inside a multi-byte character. Compacts each chunk in place; the caller owns it.
 */
export class JsonCompactor {
  private inString = false
  private escaped = false

  compact(chunk: Buffer): Buffer {
    let inString = this.inString
    let escaped = this.escaped
    let out = 0
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] ?? 0
      if (inString) {
        if (escaped) escaped = false
        else if (b === BACKSLASH) escaped = true
        else if (b === QUOTE) inString = false
      } else if (b === QUOTE) inString = true
      else if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue
      chunk[out++] = b
    }
    this.inString = inString
    this.escaped = escaped
    return chunk.subarray(0, out)
  }
}
