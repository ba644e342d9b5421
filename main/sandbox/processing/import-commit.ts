import type { AttributeValue, RecordStore } from './record-store'
import type { JobFile, JobLog } from './types'

/** An attribute value read from an input, or an attachment still to be copied into the store. */
export type PreparedValue = AttributeValue | { attachment: JobFile }

/** A record read from the inputs, not yet written to the store. */
export interface PreparedRecord {
  databaseKey: string
  table: string
  name: string
  attributes: Record<string, PreparedValue>
  units: Record<string, string>
  /** Where it came from, for the log: "data_file_1.xlsx" or "example_data.txt, specimen 2". */
  origin: string
}

export interface ImportCounts {
  created: number
  updated: number
}

/**
 * Writes the records read by an import: creates new ones, adds a version to those whose name
 * already exists in the table, copies attachments, then saves the store once.
 */
export async function commitRecords(
  store: RecordStore,
  records: PreparedRecord[],
  log: JobLog,
  source: string,
  counts: ImportCounts
): Promise<void> {
  for (const prepared of records) {
    const attributes: Record<string, AttributeValue> = {}
    for (const [name, value] of Object.entries(prepared.attributes)) {
      if (isAttachment(value)) {
        attributes[name] = await store.storeAttachment(value.attachment.diskPath, value.attachment.virtualPath)
        log.info(`Attached "${value.attachment.virtualPath}" to attribute "${name}" of record "${prepared.name}"`)
      } else {
        attributes[name] = value
      }
    }
    const { record, created } = store.upsert({
      databaseKey: prepared.databaseKey,
      table: prepared.table,
      name: prepared.name,
      attributes,
      units: prepared.units,
      source
    })
    const where = `${record.databaseKey} / ${record.table}`
    if (created) {
      counts.created += 1
      log.info(
        `Created record "${record.name}" (history identity ${record.historyIdentity}) in ${where} from ${prepared.origin}`
      )
    } else {
      counts.updated += 1
      log.info(
        `Updated record "${record.name}" (history identity ${record.historyIdentity}, now version ${record.version}) in ${where} from ${prepared.origin}`
      )
    }
  }
  await store.save()
}

function isAttachment(value: PreparedValue): value is { attachment: JobFile } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'attachment' in value
}

/** "259035" → 259035, "true" → true, anything else stays text. */
export function typedText(text: string): string | number | boolean {
  const trimmed = text.trim()
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed)
  if (/^true$/i.test(trimmed)) return true
  if (/^false$/i.test(trimmed)) return false
  return trimmed
}
