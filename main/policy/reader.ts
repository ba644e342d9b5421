import { policySchema, type Policy, type PolicyInfo, type PolicyKey } from '../../common/policy'

/** A place IT can put policy: the registry on Windows, policy.json beside the executable. */
export interface PolicySource {
  readonly kind: 'registry' | 'file'
  /** The raw values, or null when this source holds no policy. Throws only on an unreadable source. */
  read(): Promise<Record<string, unknown> | null>
}

/**
 * The first source that holds a policy wins (registry before file). Each value is checked on its own:
 * a bad one is reported and left out, the others still apply.
 */
export async function readPolicy(sources: PolicySource[], log: (msg: string) => void = () => {}): Promise<PolicyInfo> {
  for (const source of sources) {
    let raw: Record<string, unknown> | null
    try {
      raw = await source.read()
    } catch (e) {
      log(`policy: the ${source.kind} source could not be read: ${e instanceof Error ? e.message : String(e)}`)
      continue
    }
    if (!raw) continue
    const policy: Record<string, unknown> = {}
    const problems: string[] = []
    const shape = policySchema.shape as Record<string, (typeof policySchema.shape)[PolicyKey]>
    for (const [key, value] of Object.entries(raw)) {
      const field = shape[key]
      if (!field) {
        problems.push(`"${key}" is not a JobQueue Desktop policy; it is ignored.`)
        continue
      }
      const parsed = field.safeParse(value)
      if (parsed.success) policy[key] = parsed.data
      else problems.push(`"${key}" has a value JobQueue Desktop cannot use; it is ignored.`)
    }
    problems.forEach(log)
    return { source: source.kind, policy, problems }
  }
  return { source: 'none', policy: {}, problems: [] }
}

/** User settings with every value IT set on top, and which keys IT set (shown as "set by your organisation"). */
export function applyPolicy<S extends object>(
  settings: S,
  policy: Policy,
  keys: readonly (keyof S & PolicyKey)[]
): { effective: S; locked: (keyof S & PolicyKey)[] } {
  const effective = { ...settings }
  const locked: (keyof S & PolicyKey)[] = []
  for (const key of keys) {
    const value = policy[key]
    if (value === undefined) continue
    ;(effective as Record<string, unknown>)[key] = value
    locked.push(key)
  }
  return { effective, locked }
}
