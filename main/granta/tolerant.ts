import type { z } from 'zod'
import type { SkippedItem } from '../../common/domain'

/** Longest reason kept for one skipped item: a server's odd value must not flood the log or the view. */
const maxReason = 300

/** The id of a list item the app could not read, when it has a usable one. */
function idOf(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null
  const id = (raw as Record<string, unknown>)['id']
  return typeof id === 'string' && id !== '' ? id.slice(0, 200) : null
}

/**
 * Parses a list item by item: what parses is kept, what does not is reported with its id (if any), the field
 * (`results.24.id`) and the reason. One bad item never fails the rest.
 */
export function readEach<S extends z.ZodType>(
  items: readonly unknown[],
  schema: S,
  prefix: string,
  /** A quicker reading of an item already in plain shape; undefined sends the item through the schema. */
  fast?: (raw: unknown) => z.output<S> | undefined
): { values: z.output<S>[]; skipped: SkippedItem[] } {
  const values: z.output<S>[] = []
  const skipped: SkippedItem[] = []
  items.forEach((raw, i) => {
    const quick = fast?.(raw)
    if (quick !== undefined) {
      values.push(quick)
      return
    }
    const r = schema.safeParse(raw)
    if (r.success) {
      values.push(r.data)
      return
    }
    const issue = r.error.issues[0]
    const field = [prefix, i, ...(issue?.path ?? [])].map(String).join('.')
    skipped.push({ id: idOf(raw), field, reason: (issue?.message ?? 'unexpected value').slice(0, maxReason) })
  })
  return { values, skipped }
}

/** One log line for a skipped item: "skipped results.24 (id 0b7f…): field "results.24.id": must not be empty". */
export function describeSkipped(what: string, item: SkippedItem): string {
  return `${what}: skipped an item the app cannot read${item.id ? ` (id ${item.id})` : ''}: field "${item.field}": ${item.reason}`
}
