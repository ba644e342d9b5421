import { describe, expect, it } from 'vitest'
import { JsonCompactor } from '../../../main/granta/json-compact'

/** Compacts `text` fed in chunks of `size` bytes, as the body arrives. */
function compacted(text: string, size: number): string {
  const bytes = Buffer.from(text)
  const compactor = new JsonCompactor()
  const parts: Buffer[] = []
  for (let i = 0; i < bytes.length; i += size) parts.push(compactor.compact(Buffer.from(bytes.subarray(i, i + size))))
  return Buffer.concat(parts).toString('utf8')
}

describe('JSON compaction', () => {
  const value = {
    name: 'Tensile  tests\t"quoted" \\ back\\slash',
    nested: { list: [1, 2.5, -3e2, true, false, null], empty: {}, none: [] },
    unicode: 'Zürich – 東京 🚀 \u2028',
    escapes: '\\"\n\r\t\\u0041',
    trailing: 'ends with a backslash \\'
  }
  const pretty = `\uFEFF \r\n${JSON.stringify(value, null, '\t ')}\n  `

  it.each([1, 2, 3, 7, 64, 100_000])('keeps the value and drops only whitespace, in chunks of %i bytes', (size) => {
    const out = compacted(pretty, size)
    expect(JSON.parse(out.replace(/^\uFEFF/, ''))).toEqual(value)
    expect(out).toBe(`\uFEFF${JSON.stringify(value)}`)
  })

  it('keeps a body of whitespace as nothing, and what is not JSON as it is but for whitespace', () => {
    expect(compacted(' \n\t\r'.repeat(1000), 5)).toBe('')
    expect(compacted('<html> <body> oops </body> </html>', 4)).toBe('<html><body>oops</body></html>')
  })
})
