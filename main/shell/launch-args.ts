import { openTargetSchema, type OpenTarget } from '../../common/open-target'

/** The command-line switch a jump list task starts the app with: `--open=/new/excel`. */
export const OPEN_SWITCH = '--open='
const MAX_LENGTH = 64

/**
 * The target of an `--open=` argument, or null when there is none. Only the allow-list in common/open-target.ts
 * is accepted: anything else (another path, a URL, `..`, query strings, control characters, over-long values) is
 * refused and reported through `refuse`, so a hostile shortcut cannot steer the window anywhere else.
 */
export function openTargetFromArgs(
  argv: readonly string[] | undefined,
  refuse: (why: string) => void = () => {}
): OpenTarget | null {
  let found: OpenTarget | null = null
  for (const arg of argv ?? []) {
    if (!arg.startsWith(OPEN_SWITCH)) continue
    const target = parseOpenValue(arg.slice(OPEN_SWITCH.length))
    if (target) found = target
    else
      refuse(
        `ignored a start argument that names no page JobQueue Desktop opens: ${JSON.stringify(arg.slice(0, MAX_LENGTH))}`
      )
  }
  return found
}

/** `/new/excel` or `new/excel` (a trailing slash allowed); case-sensitive, nothing else. */
export function parseOpenValue(value: string): OpenTarget | null {
  if (value.length === 0 || value.length > MAX_LENGTH) return null
  const trimmed = value.replace(/^\//, '').replace(/\/$/, '')
  const parsed = openTargetSchema.safeParse(trimmed)
  return parsed.success ? parsed.data : null
}

/** The argument for a target, as a jump list task passes it. */
export const openArg = (target: OpenTarget): string => `${OPEN_SWITCH}/${target}`
