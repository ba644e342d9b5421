import { JobFailure } from './types'

/**
 * Granta MI text templates carry .NET regular expressions. JavaScript shares most of the syntax,
 * including `(?<name>...)`; this turns the .NET-only parts into their JavaScript equivalents and
 * refuses what JavaScript cannot express.
 */
export function dotNetRegExp(pattern: string, extraFlags = ''): RegExp {
  let source = pattern
  const flags = new Set(extraFlags.split('').filter(Boolean))

  // Leading inline options: (?i) (?m) (?s) (?x) (?ims)...
  const leading = /^\(\?([imsxn]+)\)/.exec(source)
  if (leading?.[1]) {
    source = source.slice(leading[0].length)
    for (const option of leading[1]) {
      if (option === 'x')
        throw new JobFailure(`the expression uses the .NET option (?x), which is not supported: ${pattern}`)
      if (option !== 'n') flags.add(option)
    }
  }
  if (/\(\?[imsxn-]+[:)]/.test(source)) {
    throw new JobFailure(`the expression uses inline .NET options in the middle, which are not supported: ${pattern}`)
  }
  if (/\[[^\]]*-\[/.test(source)) {
    throw new JobFailure(`the expression uses .NET character class subtraction, which is not supported: ${pattern}`)
  }
  source = source
    .replace(/\(\?'([A-Za-z_][A-Za-z0-9_]*)'/g, '(?<$1>') // (?'name'...)
    .replace(/\\k'([A-Za-z_][A-Za-z0-9_]*)'/g, '\\k<$1>') // \k'name'
    .replace(/\(\?>/g, '(?:') // atomic group: same matches for the patterns templates use
  source = replaceAnchors(source)

  try {
    return new RegExp(source, [...flags].join(''))
  } catch (e) {
    throw new JobFailure(`the expression is not a valid regular expression (${(e as Error).message}): ${pattern}`)
  }
}

/** \A → ^ and \Z, \z → $, skipping escaped backslashes (`\\A` stays a backslash and an A). */
function replaceAnchors(source: string): string {
  let out = ''
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c !== '\\') {
      out += c
      continue
    }
    const next = source[i + 1] ?? ''
    i += 1
    if (next === 'A') out += '^'
    else if (next === 'Z' || next === 'z') out += '$'
    else out += c + next
  }
  return out
}
